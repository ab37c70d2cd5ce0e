package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.ReshapeOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/** Keeps the batch dimension and flattens the rest: [batch, d1, d2, ...] → [batch, d1·d2·...], as a view. */
public final class Flatten extends Layer {
    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        long n = 1;
        for (int d : inputShape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Flatten: per-sample size " + n + " is too large");
        return new int[] {(int) n};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return ReshapeOp.flatten(tape, x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("data_format", "channels_last");
        return c;
    }
}
