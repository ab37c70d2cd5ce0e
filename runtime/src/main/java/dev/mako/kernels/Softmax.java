package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Softmax and log-softmax along the last axis of a {@code rows × cols} matrix, max-shifted for stability. */
public final class Softmax {
    private Softmax() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    public static void softmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long xr = xo + (long) r * cols, yr = yo + (long) r * cols;
            float m = Reductions.max(x, xr, cols);
            double s = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x.getAtIndex(F, xr + j) - m);
                y.setAtIndex(F, yr + j, e);
                s += e;
            }
            float inv = (float) (1.0 / s);
            for (int j = 0; j < cols; j++) y.setAtIndex(F, yr + j, y.getAtIndex(F, yr + j) * inv);
        }
    }

    public static void logSoftmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long xr = xo + (long) r * cols, yr = yo + (long) r * cols;
            float m = Reductions.max(x, xr, cols);
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(x.getAtIndex(F, xr + j) - m);
            float lse = (float) (m + Math.log(s));
            for (int j = 0; j < cols; j++) y.setAtIndex(F, yr + j, x.getAtIndex(F, xr + j) - lse);
        }
    }

    /**
     * Backward of y = softmax(x) per row: dx = (accumulate ? dx : 0) + y ⊙ (dy − Σ_j dy_j y_j).
     */
    public static void softmaxBackwardRows(MemorySegment y, long yo, MemorySegment dy, long dyo, MemorySegment dx, long dxo,
                                           int rows, int cols, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            long o = (long) r * cols;
            float dot = Reductions.dot(dy, dyo + o, y, yo + o, cols);
            for (int j = 0; j < cols; j++) {
                float g = y.getAtIndex(F, yo + o + j) * (dy.getAtIndex(F, dyo + o + j) - dot);
                if (accumulate) g += dx.getAtIndex(F, dxo + o + j);
                dx.setAtIndex(F, dxo + o + j, g);
            }
        }
    }
}
