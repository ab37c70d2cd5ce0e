package dev.mako.optim;

import dev.mako.layers.Parameter;

/**
 * f(p) = ½·Σ a_i·p_i², whose gradient is a_i·p_i: the test problem for hand-computed steps.
 * {@link #writeGradient} puts the gradient at the parameter's current value into its grad tensor.
 */
record Quadratic(double[] a) {
    void writeGradient(Parameter p) {
        for (int i = 0; i < a.length; i++) p.grad().setFlat(i, (float) (a[i] * p.value().getFlat(i)));
    }

    double[] gradient(double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) g[i] = a[i] * p[i];
        return g;
    }
}
