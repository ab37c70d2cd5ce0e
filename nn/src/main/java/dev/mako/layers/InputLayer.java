package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Declares the per-sample input shape of a model (Keras' {@code Input(shape=...)}). It has no
 * parameters, passes its input through, and is not listed in a model summary.
 */
public final class InputLayer extends Layer {
    private final int[] shape;

    public InputLayer(int... shape) {
        if (shape.length == 0) throw new IllegalArgumentException("input shape needs at least one dimension");
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " has a non-positive dimension");
        }
        this.shape = shape.clone();
    }

    /** The declared per-sample shape. */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String type() {
        return "InputLayer";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        return shape.clone();
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return x;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("shape", Arrays.stream(shape).boxed().toList());
        return c;
    }
}
