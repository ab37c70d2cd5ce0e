package dev.mako.optim;

import dev.mako.kernels.OptimizerKernels;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * Gradient descent, optionally with momentum or Nesterov momentum, in Keras 3's form
 * (defaults: learning rate 0.01, momentum 0):
 * <pre>
 *   plain      p ← p − lr·g
 *   momentum   v ← μ·v − lr·g;   p ← p + v
 *   Nesterov   v ← μ·v − lr·g;   p ← p + μ·v − lr·g
 * </pre>
 * <b>PyTorch differs:</b> its velocity excludes the learning rate, {@code b ← μ·b + g;
 * p ← p − lr·b} (Nesterov: {@code p ← p − lr·(g + μ·b)}), and it has a {@code dampening}
 * option. With a constant learning rate both trace the same path ({@code v = −lr·b}); they part
 * when the rate changes during training — Keras' velocity keeps the steps taken at the old
 * rate, PyTorch's rescales them to the new one.
 */
public final class Sgd extends BaseOptimizer<Sgd> {
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private double momentum;
    private boolean nesterov;

    public Sgd(double learningRate) {
        super(learningRate);
    }

    /** Momentum μ in [0, 1]; 0 (the default) is plain gradient descent and keeps no state. */
    public Sgd momentum(double momentum) {
        requireNotBuilt();
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        this.momentum = momentum;
        return this;
    }

    /** Nesterov momentum (takes effect when momentum > 0). */
    public Sgd nesterov(boolean nesterov) {
        requireNotBuilt();
        this.nesterov = nesterov;
        return this;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected String[] stateNames() {
        return momentum == 0 ? new String[0] : new String[] {"momentum"};
    }

    @Override
    protected void update(Tensor p, Tensor g, Tensor[] state, long step, float lr, float decay, int from, int count) {
        if (momentum == 0) {
            OptimizerKernels.sgd(p.segment(), p.offset() + from, g.segment(), g.offset() + from, count, lr, decay);
        } else {
            Tensor v = state[0];
            OptimizerKernels.momentum(p.segment(), p.offset() + from, g.segment(), g.offset() + from, v.segment(), v.offset() + from, count,
                    lr, (float) momentum, nesterov, decay);
        }
    }

    @Override
    protected void putConfig(Map<String, Object> c) {
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
    }
}
