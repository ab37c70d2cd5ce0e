package dev.mako.optim;

import dev.mako.kernels.OptimizerKernels;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * RMSprop in Keras 3's form (defaults: learning rate 0.001, ρ 0.9, ε 1e-7):
 * <pre>
 *   s ← ρ·s + (1 − ρ)·g²;   p ← p − lr·g / sqrt(s + ε)
 * </pre>
 * <b>PyTorch differs:</b> its ρ is called {@code alpha} and defaults to 0.99, ε (1e-8) is added
 * outside the root, {@code p ← p − lr·g / (sqrt(s) + ε)}, and the default learning rate is 0.01.
 * Keras' {@code momentum} and {@code centered} options are not implemented (config reports
 * their off values, 0 and false).
 */
public final class RmsProp extends BaseOptimizer<RmsProp> {
    public static final double DEFAULT_LEARNING_RATE = 0.001;

    private double rho = 0.9;
    private double epsilon = 1e-7;

    public RmsProp(double learningRate) {
        super(learningRate);
    }

    /** Decay of the running mean of squared gradients, in [0, 1). */
    public RmsProp rho(double rho) {
        requireNotBuilt();
        if (!(rho >= 0 && rho < 1)) throw new IllegalArgumentException("rho must be in [0, 1), got " + rho);
        this.rho = rho;
        return this;
    }

    public RmsProp epsilon(double epsilon) {
        requireNotBuilt();
        this.epsilon = Optimizers.checkEpsilon(epsilon);
        return this;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected String[] stateNames() {
        return new String[] {"velocity"};
    }

    @Override
    protected void update(Tensor p, Tensor g, Tensor[] state, long step, float lr, float decay, int from, int count) {
        Tensor s = state[0];
        OptimizerKernels.rmsprop(p.segment(), p.offset() + from, g.segment(), g.offset() + from, s.segment(), s.offset() + from, count,
                lr, (float) rho, (float) epsilon, decay);
    }

    @Override
    protected void putConfig(Map<String, Object> c) {
        c.put("rho", rho);
        c.put("momentum", 0.0);
        c.put("epsilon", epsilon);
        c.put("centered", false);
    }
}
