package dev.mako.optim;

import dev.mako.kernels.OptimizerKernels;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * Adagrad in Keras 3's form (defaults: learning rate 0.001, initial accumulator 0.1, ε 1e-7):
 * <pre>
 *   a ← a + g²;   p ← p − lr·g / sqrt(a + ε)
 * </pre>
 * <b>PyTorch differs:</b> the accumulator starts at 0, ε (1e-10) is added outside the root,
 * {@code p ← p − lr·g / (sqrt(a) + ε)}, the default learning rate is 0.01, and an optional
 * {@code lr_decay} divides the rate by {@code 1 + (t − 1)·lr_decay}.
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {
    public static final double DEFAULT_LEARNING_RATE = 0.001;

    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    public Adagrad(double learningRate) {
        super(learningRate);
    }

    /** Starting value of every accumulator (≥ 0). */
    public Adagrad initialAccumulatorValue(double value) {
        requireNotBuilt();
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException("initial_accumulator_value must be a finite number >= 0, got " + value);
        this.initialAccumulatorValue = value;
        return this;
    }

    public Adagrad epsilon(double epsilon) {
        requireNotBuilt();
        this.epsilon = Optimizers.checkEpsilon(epsilon);
        return this;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected String[] stateNames() {
        return new String[] {"accumulator"};
    }

    @Override
    protected float initialState(int slot) {
        return (float) initialAccumulatorValue;
    }

    @Override
    protected void update(Tensor p, Tensor g, Tensor[] state, long step, float lr, float decay, int from, int count) {
        Tensor a = state[0];
        OptimizerKernels.adagrad(p.segment(), p.offset() + from, g.segment(), g.offset() + from, a.segment(), a.offset() + from, count,
                lr, (float) epsilon, decay);
    }

    @Override
    protected void putConfig(Map<String, Object> c) {
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
    }
}
