package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Activation kernels and their derivatives, over contiguous float runs. */
public final class Activations {
    private Activations() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** y = f(x); {@code alpha} is the negative slope of LEAKY_RELU (ignored otherwise). Output may alias input. */
    public static void forward(Activation f, float alpha, MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, apply(f, alpha, x.getAtIndex(F, xo + i)));
    }

    /**
     * dx = (accumulate ? dx : 0) + dy * f'(x), with f' expressed through the output y = f(x).
     */
    public static void backward(Activation f, float alpha, MemorySegment y, long yo, MemorySegment dy, long dyo,
                                MemorySegment dx, long dxo, int n, boolean accumulate) {
        for (int i = 0; i < n; i++) {
            float g = dy.getAtIndex(F, dyo + i) * derivativeFromOutput(f, alpha, y.getAtIndex(F, yo + i));
            if (accumulate) g += dx.getAtIndex(F, dxo + i);
            dx.setAtIndex(F, dxo + i, g);
        }
    }

    public static void exp(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.exp(x.getAtIndex(F, xo + i)));
    }

    public static void log(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.log(x.getAtIndex(F, xo + i)));
    }

    public static void sqrt(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.sqrt(x.getAtIndex(F, xo + i)));
    }

    static float apply(Activation f, float alpha, float x) {
        return switch (f) {
            case IDENTITY -> x;
            case STEP -> x > 0 ? 1f : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case RELU -> x > 0 ? x : 0f;
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
        };
    }

    static float derivativeFromOutput(Activation f, float alpha, float y) {
        return switch (f) {
            case IDENTITY -> 1f;
            case STEP -> 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case RELU -> y > 0 ? 1f : 0f;
            case LEAKY_RELU -> y > 0 ? 1f : alpha;
        };
    }
}
