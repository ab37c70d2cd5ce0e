package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.layers.Parameter;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three steps of each update rule on f(p) = ½·Σ a_i·p_i², against values computed here in double
 * precision straight from the published formulas (Keras 3 forms).
 */
class OptimizerRulesTest {
    static final double[] A = {1.0, 2.0, 0.5};
    static final double[] P0 = {1.0, -2.0, 3.0};
    static final Quadratic F = new Quadratic(A);

    private final TensorStore store = new TensorStore("optimizer test");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void sgd() {
        Run run = new Run(Optimizers.sgd(0.1));
        double[] p = P0.clone();
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) p[i] = p[i] - 0.1 * g[i];
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void momentum() {
        Run run = new Run(Optimizers.sgd(0.1, 0.9, false));
        double[] p = P0.clone(), v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) {
                v[i] = 0.9 * v[i] - 0.1 * g[i];
                p[i] = p[i] + v[i];
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void nesterov() {
        Run run = new Run(Optimizers.sgd(0.1, 0.9, true));
        double[] p = P0.clone(), v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) {
                v[i] = 0.9 * v[i] - 0.1 * g[i];
                p[i] = p[i] + 0.9 * v[i] - 0.1 * g[i];
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void nesterovDiffersFromPlainMomentumFromTheFirstStep() {
        Run plain = new Run(Optimizers.sgd(0.1, 0.9, false));
        Run nesterov = new Run(Optimizers.sgd(0.1, 0.9, true));
        plain.step();
        nesterov.step();
        // step 1 from v = 0: plain moves by −lr·g, Nesterov by −(1 + μ)·lr·g
        assertEquals(P0[0] - 0.1 * 1.0, plain.param(0), 1e-6);
        assertEquals(P0[0] - 1.9 * 0.1 * 1.0, nesterov.param(0), 1e-6);
    }

    @Test
    void adagrad() {
        Run run = new Run(Optimizers.adagrad(0.1));
        double[] p = P0.clone(), acc = {0.1, 0.1, 0.1};
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) {
                acc[i] = acc[i] + g[i] * g[i];
                p[i] = p[i] - 0.1 * g[i] / Math.sqrt(acc[i] + 1e-7);
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void rmsprop() {
        Run run = new Run(Optimizers.rmsprop(0.01));
        double[] p = P0.clone(), s = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) {
                s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                p[i] = p[i] - 0.01 * g[i] / Math.sqrt(s[i] + 1e-7);
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void adamWithBiasCorrectionAtSteps1To3() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        Run run = new Run(Optimizers.adam(lr));
        double[] p = P0.clone(), m = new double[3], v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                // Keras adds ε to sqrt(v) before correcting v: in the corrected form it is ε / sqrt(1 − β2^t)
                p[i] = p[i] - lr * mHat / (Math.sqrt(vHat) + eps / Math.sqrt(1 - Math.pow(b2, t)));
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void adamFirstStepMovesEachCoordinateByTheLearningRate() {
        // with bias correction, m̂ = g and v̂ = g² at t = 1, so the step is lr·sign(g)
        Run run = new Run(Optimizers.adam(0.01));
        run.step();
        for (int i = 0; i < P0.length; i++) assertEquals(P0[i] - 0.01 * Math.signum(P0[i] * A[i]), run.param(i), 1e-6);
    }

    @Test
    void adamHyperParameters() {
        double lr = 0.05, b1 = 0.5, b2 = 0.9, eps = 1e-3;
        Run run = new Run(Optimizers.adam(lr).betas(b1, b2).epsilon(eps));
        double[] p = P0.clone(), m = new double[3], v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] = p[i] - alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void adamwDecaysDecoupledFromTheMoments() {
        double lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        Run run = new Run(Optimizers.adamw(lr, wd));
        double[] p = P0.clone(), m = new double[3], v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] g = F.gradient(p);
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] - lr * wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] = p[i] - alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
            run.step();
            run.assertParams(p, "step " + t);
        }
    }

    @Test
    void adamwWithZeroGradientOnlyShrinksTheWeights() {
        Run run = new Run(Optimizers.adamw(0.01, 0.1), new Quadratic(new double[] {0, 0, 0}));
        for (int t = 1; t <= 3; t++) {
            run.step();
            for (int i = 0; i < 3; i++) assertEquals(P0[i] * Math.pow(1 - 0.01 * 0.1, t), run.param(i), 1e-6);
        }
    }

    /** One parameter holding {@link #P0}, an optimizer, and the quadratic's gradient written before each step. */
    final class Run {
        final BaseOptimizer<?> optimizer;
        final Parameter param;
        final Quadratic f;

        Run(BaseOptimizer<?> optimizer) {
            this(optimizer, F);
        }

        Run(BaseOptimizer<?> optimizer, Quadratic f) {
            this.optimizer = optimizer;
            this.f = f;
            List<Parameter> ps = TestParameters.of(store, toFloats(P0));
            this.param = ps.get(0);
            optimizer.build(ps, store);
        }

        void step() {
            f.writeGradient(param);
            optimizer.step();
        }

        double param(int i) {
            return param.value().getFlat(i);
        }

        void assertParams(double[] expected, String when) {
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], param(i), 2e-6 * Math.max(1, Math.abs(expected[i])), optimizer.name() + " " + when + ", element " + i);
            }
        }
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
