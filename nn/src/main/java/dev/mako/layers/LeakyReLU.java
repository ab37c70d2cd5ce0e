package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.ops.ActivationOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras' {@code LeakyReLU} layer: x for x &gt; 0, negative_slope · x otherwise (default slope 0.3). */
public final class LeakyReLU extends Layer {
    public static final float DEFAULT_NEGATIVE_SLOPE = 0.3f;

    private final float negativeSlope;

    public LeakyReLU() {
        this(DEFAULT_NEGATIVE_SLOPE);
    }

    public LeakyReLU(float negativeSlope) {
        if (!(negativeSlope >= 0f) || Float.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU negative_slope must be a non-negative number, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public String type() {
        return "LeakyReLU";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        return inputShape;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return ActivationOp.apply(tape, x, Activation.LEAKY_RELU, negativeSlope);
    }

    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("negative_slope", negativeSlope);
        return c;
    }
}
