package dev.mako.optim;

import dev.mako.kernels.OptimizerKernels;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * Adam with bias correction, in Keras 3's form (defaults: learning rate 0.001, β1 0.9,
 * β2 0.999, ε 1e-7). At step t (counting from 1):
 * <pre>
 *   m ← m + (g − m)(1 − β1);   v ← v + (g² − v)(1 − β2)
 *   α = lr · sqrt(1 − β2^t) / (1 − β1^t)
 *   p ← p − α · m / (sqrt(v) + ε)
 * </pre>
 * ε here is the paper's "epsilon hat": it is added to the root of the <em>uncorrected</em> v,
 * which equals {@code lr · m̂ / (sqrt(v̂) + ε / sqrt(1 − β2^t))} with the bias-corrected
 * {@code m̂ = m / (1 − β1^t)}, {@code v̂ = v / (1 − β2^t)}.
 * <b>PyTorch differs:</b> {@code p ← p − lr · m̂ / (sqrt(v̂) + ε)} — ε (default 1e-8) is added
 * after the correction, so early steps differ slightly; its {@code weight_decay} is an L2 term
 * added to the gradient ({@code l2(wd / 2)} here), not decoupled decay (that is {@link AdamW}).
 * AMSGrad is not implemented.
 */
public class Adam extends BaseOptimizer<Adam> {
    public static final double DEFAULT_LEARNING_RATE = 0.001;

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private float alpha;

    public Adam(double learningRate) {
        super(learningRate);
    }

    public Adam beta1(double beta1) {
        requireNotBuilt();
        this.beta1 = checkBeta("beta_1", beta1);
        return this;
    }

    public Adam beta2(double beta2) {
        requireNotBuilt();
        this.beta2 = checkBeta("beta_2", beta2);
        return this;
    }

    public Adam betas(double beta1, double beta2) {
        return beta1(beta1).beta2(beta2);
    }

    public Adam epsilon(double epsilon) {
        requireNotBuilt();
        this.epsilon = Optimizers.checkEpsilon(epsilon);
        return this;
    }

    private static double checkBeta(String key, double b) {
        if (!(b >= 0 && b < 1)) throw new IllegalArgumentException(key + " must be in [0, 1), got " + b);
        return b;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected String[] stateNames() {
        return new String[] {"momentum", "velocity"};
    }

    @Override
    protected void beginStep(long step, float lr) {
        alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
    }

    @Override
    protected void update(Tensor p, Tensor g, Tensor[] state, long step, float lr, float decay, int from, int count) {
        Tensor m = state[0], v = state[1];
        OptimizerKernels.adam(p.segment(), p.offset() + from, g.segment(), g.offset() + from, m.segment(), m.offset() + from,
                v.segment(), v.offset() + from, count, alpha, (float) beta1, (float) beta2, (float) epsilon, decay);
    }

    @Override
    protected void putConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", false);
    }
}
