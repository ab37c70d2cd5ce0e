package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.store;
import static dev.mako.kernels.Simd.tail;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.MAX;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Softmax and log-softmax along the last axis of a {@code rows × cols} matrix, max-shifted for
 * stability (inputs of ±1000 are fine). Output may alias input.
 *
 * <p>The vector path sums the exponentials of a row in a float vector (each term is at most 1,
 * so the error stays within about cols / lanes roundings); the scalar path sums in double. A NaN
 * in a row makes the whole row NaN.
 */
public final class Softmax {
    private Softmax() {}

    public static void softmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        if (!ENABLED) {
            scalarSoftmaxRows(x, xo, y, yo, rows, cols);
            return;
        }
        if (cols <= L) {
            softmaxShortRows(x, xo, y, yo, rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            long xr = xo + (long) r * cols, yr = yo + (long) r * cols;
            float s = storeShiftedExpAndSum(x, xr, Reductions.max(x, xr, cols), y, yr, cols);
            Elementwise.mulScalar(y, yr, 1f / s, y, yr, cols);
        }
    }

    public static void logSoftmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        if (!ENABLED) {
            scalarLogSoftmaxRows(x, xo, y, yo, rows, cols);
            return;
        }
        if (cols <= L) {
            logSoftmaxShortRows(x, xo, y, yo, rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            long xr = xo + (long) r * cols, yr = yo + (long) r * cols;
            float m = Reductions.max(x, xr, cols);
            float lse = (float) (m + Math.log(sumShiftedExp(x, xr, m, cols)));
            Elementwise.addScalar(x, xr, -lse, y, yr, cols);
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
            if (ENABLED) {
                backwardRow(y, yo + o, dy, dyo + o, dot, dx, dxo + o, cols, accumulate);
                continue;
            }
            for (int j = 0; j < cols; j++) {
                float g = y.getAtIndex(F, yo + o + j) * (dy.getAtIndex(F, dyo + o + j) - dot);
                if (accumulate) g += dx.getAtIndex(F, dxo + o + j);
                dx.setAtIndex(F, dxo + o + j, g);
            }
        }
    }

    // ---- scalar path ---------------------------------------------------------------------------

    private static void scalarSoftmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
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

    private static void scalarLogSoftmaxRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long xr = xo + (long) r * cols, yr = yo + (long) r * cols;
            float m = Reductions.max(x, xr, cols);
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(x.getAtIndex(F, xr + j) - m);
            float lse = (float) (m + Math.log(s));
            for (int j = 0; j < cols; j++) y.setAtIndex(F, yr + j, x.getAtIndex(F, xr + j) - lse);
        }
    }

    // ---- vector path ---------------------------------------------------------------------------

    /** Rows that fit in one vector (e.g. 10 classes): one load, one store per row. */
    private static void softmaxShortRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        VectorMask<Float> m = tail(0, cols);
        for (int r = 0; r < rows; r++) {
            long o = (long) r * cols;
            FloatVector v = load(x, xo + o, m);
            FloatVector e = v.sub(v.reduceLanes(MAX, m)).lanewise(EXP);
            store(e.mul(1f / e.reduceLanes(ADD, m)), y, yo + o, m);
        }
    }

    private static void logSoftmaxShortRows(MemorySegment x, long xo, MemorySegment y, long yo, int rows, int cols) {
        VectorMask<Float> m = tail(0, cols);
        for (int r = 0; r < rows; r++) {
            long o = (long) r * cols;
            FloatVector v = load(x, xo + o, m);
            float max = v.reduceLanes(MAX, m);
            float lse = (float) (max + Math.log(v.sub(max).lanewise(EXP).reduceLanes(ADD, m)));
            store(v.sub(lse), y, yo + o, m);
        }
    }

    /** y = e^(x - m) over one row; returns Σ y. */
    private static float storeShiftedExpAndSum(MemorySegment x, long xo, float m, MemorySegment y, long yo, int n) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector e = load(x, xo + i).sub(m).lanewise(EXP);
            store(e, y, yo + i);
            sum = sum.add(e);
        }
        if (i == n) return sum.reduceLanes(ADD);
        VectorMask<Float> t = tail(i, n);
        FloatVector e = load(x, xo + i, t).sub(m).lanewise(EXP);
        store(e, y, yo + i, t);
        return sum.add(e, t).reduceLanes(ADD);
    }

    /** Σ e^(x - m) over one row. */
    private static float sumShiftedExp(MemorySegment x, long xo, float m, int n) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) sum = sum.add(load(x, xo + i).sub(m).lanewise(EXP));
        if (i == n) return sum.reduceLanes(ADD);
        VectorMask<Float> t = tail(i, n);
        return sum.add(load(x, xo + i, t).sub(m).lanewise(EXP), t).reduceLanes(ADD);
    }

    /** dx = (accumulate ? dx : 0) + y ⊙ (dy − dot) over one row. */
    private static void backwardRow(MemorySegment y, long yo, MemorySegment dy, long dyo, float dot,
                                    MemorySegment dx, long dxo, int n, boolean accumulate) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector g = load(y, yo + i).mul(load(dy, dyo + i).sub(dot));
            if (accumulate) store(g.add(load(dx, dxo + i)), dx, dxo + i);
            else store(g, dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> t = tail(i, n);
            FloatVector g = load(y, yo + i, t).mul(load(dy, dyo + i, t).sub(dot));
            if (accumulate) store(g.add(load(dx, dxo + i, t)), dx, dxo + i, t);
            else store(g, dx, dxo + i, t);
        }
    }
}
