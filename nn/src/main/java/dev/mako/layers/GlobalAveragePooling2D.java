package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.GlobalAveragePoolOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras' {@code GlobalAveragePooling2D}: [batch, H, W, C] → [batch, C], the mean over all pixels of each channel. */
public final class GlobalAveragePooling2D extends Layer {
    @Override
    public String type() {
        return "GlobalAveragePooling2D";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        ImageShapes.requireImages(this, inputShape);
        return new int[] {inputShape[2]};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return GlobalAveragePoolOp.apply(tape, x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("data_format", "channels_last");
        c.put("keepdims", false);
        return c;
    }
}
