package dev.mako.kernels;

/**
 * Scalar references for {@link OptimizerKernels}, written straight from the update formulas over
 * plain arrays. Published in the test jar so that {@code nn} tests can use them too.
 */
public final class OptimizerKernelsReference {
    private OptimizerKernelsReference() {}

    public static void sgd(float[] p, float[] g, float lr, float decay) {
        for (int i = 0; i < p.length; i++) p[i] = decay * p[i] - lr * g[i];
    }

    public static void momentum(float[] p, float[] g, float[] v, float lr, float mu, boolean nesterov, float decay) {
        for (int i = 0; i < p.length; i++) {
            v[i] = mu * v[i] - lr * g[i];
            float step = nesterov ? mu * v[i] - lr * g[i] : v[i];
            p[i] = decay * p[i] + step;
        }
    }

    public static void adagrad(float[] p, float[] g, float[] a, float lr, float epsilon, float decay) {
        for (int i = 0; i < p.length; i++) {
            a[i] += g[i] * g[i];
            p[i] = decay * p[i] - lr * g[i] / (float) Math.sqrt(a[i] + epsilon);
        }
    }

    public static void rmsprop(float[] p, float[] g, float[] s, float lr, float rho, float epsilon, float decay) {
        for (int i = 0; i < p.length; i++) {
            s[i] = rho * s[i] + (1f - rho) * (g[i] * g[i]);
            p[i] = decay * p[i] - lr * g[i] / (float) Math.sqrt(s[i] + epsilon);
        }
    }

    public static void adam(float[] p, float[] g, float[] m, float[] v, float alpha, float beta1, float beta2, float epsilon, float decay) {
        for (int i = 0; i < p.length; i++) {
            m[i] += (g[i] - m[i]) * (1f - beta1);
            v[i] += (g[i] * g[i] - v[i]) * (1f - beta2);
            p[i] = decay * p[i] - alpha * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }

    public static void clipByValue(float[] x, float limit) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] > limit) x[i] = limit;
            if (x[i] < -limit) x[i] = -limit;
        }
    }

    public static void scale(float[] x, float s) {
        for (int i = 0; i < x.length; i++) x[i] *= s;
    }
}
