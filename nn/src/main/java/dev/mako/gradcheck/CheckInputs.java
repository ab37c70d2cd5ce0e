package dev.mako.gradcheck;

import dev.mako.autograd.Tape;
import dev.mako.ops.MulOp;
import dev.mako.ops.SumOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;

/**
 * Seeded inputs for gradient checks, in the check's store: variables (requiring gradients) and
 * constants (targets, projection weights). Values are chosen to be smooth points of the function
 * under test — away from zero for ReLU-like kinks, positive for logarithms.
 */
public final class CheckInputs {
    private final TensorStore store;
    private final SplittableRandom random;

    public CheckInputs(TensorStore store, long seed) {
        this.store = store;
        this.random = new SplittableRandom(seed);
    }

    public TensorStore store() {
        return store;
    }

    public SplittableRandom random() {
        return random;
    }

    /** A variable, uniform in [lo, hi). */
    public Tensor uniform(float lo, float hi, int... shape) {
        return variable(fillUniform(store.allocate(shape), lo, hi));
    }

    /** A variable with |x| uniform in [margin, hi) and a random sign: no element near a kink at 0. */
    public Tensor awayFromZero(float margin, float hi, int... shape) {
        Tensor t = store.allocate(shape);
        for (long i = 0; i < t.size(); i++) {
            float v = (float) random.nextDouble(margin, hi);
            t.setFlat(i, random.nextBoolean() ? v : -v);
        }
        return variable(t);
    }

    /** A variable holding exactly {@code values}. */
    public Tensor values(int[] shape, float... values) {
        return variable(store.of(values, shape));
    }

    /** A constant (no gradient), uniform in [lo, hi). */
    public Tensor constant(float lo, float hi, int... shape) {
        return fillUniform(store.allocate(shape), lo, hi);
    }

    /** Constant class indices [batch] in [0, classes), as floats. */
    public Tensor labels(int batch, int classes) {
        Tensor t = store.allocate(batch);
        for (int i = 0; i < batch; i++) t.setFlat(i, random.nextInt(classes));
        return t;
    }

    /** Constant one-hot rows [batch, classes]. */
    public Tensor oneHot(int batch, int classes) {
        Tensor t = store.zeros(batch, classes);
        for (int i = 0; i < batch; i++) t.set(1f, i, random.nextInt(classes));
        return t;
    }

    /** Constant probability rows [batch, classes] (soft targets). */
    public Tensor distributions(int batch, int classes) {
        Tensor t = fillUniform(store.allocate(batch, classes), 0.1f, 1f);
        for (int i = 0; i < batch; i++) {
            float s = 0;
            for (int j = 0; j < classes; j++) s += t.get(i, j);
            for (int j = 0; j < classes; j++) t.set(t.get(i, j) / s, i, j);
        }
        return t;
    }

    /** Constant 0/1 targets. */
    public Tensor binary(int... shape) {
        Tensor t = store.allocate(shape);
        for (long i = 0; i < t.size(); i++) t.setFlat(i, random.nextBoolean() ? 1f : 0f);
        return t;
    }

    /**
     * Σ y ⊙ w: a scalar that depends on every element of y through its own weight. (A plain sum
     * would hide errors: the sum of a softmax row, or of a batch-normalised column, is constant.)
     */
    public static Tensor project(Tape tape, Tensor y, Tensor weights) {
        return SumOp.apply(tape, MulOp.apply(tape, y, weights));
    }

    /** Projection weights for outputs of {@code shape}. */
    public Tensor projection(int... shape) {
        return constant(-1f, 1f, shape);
    }

    private Tensor fillUniform(Tensor t, float lo, float hi) {
        for (long i = 0; i < t.size(); i++) t.setFlat(i, (float) random.nextDouble(lo, hi));
        return t;
    }

    private static Tensor variable(Tensor t) {
        t.requiresGrad = true;
        return t;
    }
}
