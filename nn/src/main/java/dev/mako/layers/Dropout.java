package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.DropoutOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code Dropout}: in training, zeroes each input with probability {@code rate} and scales
 * the rest by 1/(1 − rate); in evaluation passes the input through. The mask generator is the
 * layer's own: seeded by {@code seed} when given, otherwise from the model's seed for this layer,
 * so a run is reproducible either way. {@link #reseed} restarts it (the gradient checker does, so
 * that every evaluation draws the same mask).
 */
public final class Dropout extends Layer {
    private final float rate;
    private final Long seed;
    private SplittableRandom random;

    public Dropout(float rate) {
        this(rate, null);
    }

    /** {@code seed} may be null: the mask stream then derives from the model seed. */
    public Dropout(float rate, Long seed) {
        if (!(rate >= 0f && rate <= 1f)) throw new IllegalArgumentException("Dropout rate must be in [0, 1], got " + rate);
        this.rate = rate;
        this.seed = seed;
    }

    @Override
    public String type() {
        return "Dropout";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom layerRandom) {
        random = seed != null ? new SplittableRandom(seed) : layerRandom.split();
        return inputShape;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return DropoutOp.apply(tape, x, rate, random, training);
    }

    /** Restarts the mask stream from {@code seed}. */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    public float rate() {
        return rate;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", rate);
        c.put("seed", seed);
        c.put("noise_shape", null);
        return c;
    }
}
