package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.store;
import static dev.mako.kernels.Simd.tail;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Elementwise kernels over contiguous float runs: {@code (segment, offset in floats, length)}.
 *
 * <p>An output may alias an input exactly (same segment and offset); partial overlap is not
 * supported. add, sub, mul, div and max round exactly as the scalar expressions do; the
 * multiply-adds (axpy, axpby, mulAdd) use a fused multiply-add on the vector path, so they may
 * differ from the scalar path in the last bit.
 */
public final class Elementwise {
    private Elementwise() {}

    // ---- binary ops on two runs --------------------------------------------------------------

    /** c = a + b */
    public static void add(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) + b.getAtIndex(F, bo + i));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).add(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).add(load(b, bo + i, m)), c, co + i, m);
        }
    }

    /** c = a - b */
    public static void sub(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) - b.getAtIndex(F, bo + i));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).sub(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).sub(load(b, bo + i, m)), c, co + i, m);
        }
    }

    /** c = a * b */
    public static void mul(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).mul(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).mul(load(b, bo + i, m)), c, co + i, m);
        }
    }

    /** c = a / b */
    public static void div(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) / b.getAtIndex(F, bo + i));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).div(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).div(load(b, bo + i, m)), c, co + i, m);
        }
    }

    /** c = max(a, b) with {@link Math#max} semantics: NaN propagates, +0.0 beats -0.0. */
    public static void max(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, Math.max(a.getAtIndex(F, ao + i), b.getAtIndex(F, bo + i)));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).max(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).max(load(b, bo + i, m)), c, co + i, m);
        }
    }

    // ---- one run and a scalar ------------------------------------------------------------------

    /** c = a + s */
    public static void addScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) + s);
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).add(s), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).add(s), c, co + i, m);
        }
    }

    /** c = a * s */
    public static void mulScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) * s);
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).mul(s), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).mul(s), c, co + i, m);
        }
    }

    /** c = a / s (a true division, not a multiply by 1/s, so it rounds as the scalar does) */
    public static void divScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) / s);
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).div(s), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).div(s), c, co + i, m);
        }
    }

    /** c = max(a, s), {@link Math#max} semantics */
    public static void maxScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, Math.max(a.getAtIndex(F, ao + i), s));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).max(s), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).max(s), c, co + i, m);
        }
    }

    /** c = s - b */
    public static void scalarSub(float s, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, s - b.getAtIndex(F, bo + i));
            return;
        }
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(sv.sub(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(sv.sub(load(b, bo + i, m)), c, co + i, m);
        }
    }

    /** c = s / b */
    public static void scalarDiv(float s, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, s / b.getAtIndex(F, bo + i));
            return;
        }
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(sv.div(load(b, bo + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(sv.div(load(b, bo + i, m)), c, co + i, m);
        }
    }

    // ---- op-generic entry points (the broadcasting walker calls these) --------------------------

    /** c = a op b over two runs. */
    public static void binary(BinaryOp op, MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        switch (op) {
            case ADD -> add(a, ao, b, bo, c, co, n);
            case SUB -> sub(a, ao, b, bo, c, co, n);
            case MUL -> mul(a, ao, b, bo, c, co, n);
            case DIV -> div(a, ao, b, bo, c, co, n);
            case MAX -> max(a, ao, b, bo, c, co, n);
        }
    }

    /** c = a op s: a run on the left, a scalar on the right. */
    public static void binaryScalar(BinaryOp op, MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        switch (op) {
            case ADD -> addScalar(a, ao, s, c, co, n);
            case SUB -> addScalar(a, ao, -s, c, co, n); // a - s is defined as a + (-s): identical results
            case MUL -> mulScalar(a, ao, s, c, co, n);
            case DIV -> divScalar(a, ao, s, c, co, n);
            case MAX -> maxScalar(a, ao, s, c, co, n);
        }
    }

    /** c = s op b: a scalar on the left, a run on the right. */
    public static void scalarBinary(BinaryOp op, float s, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        switch (op) {
            case ADD -> addScalar(b, bo, s, c, co, n);
            case SUB -> scalarSub(s, b, bo, c, co, n);
            case MUL -> mulScalar(b, bo, s, c, co, n);
            case DIV -> scalarDiv(s, b, bo, c, co, n);
            case MAX -> maxScalar(b, bo, s, c, co, n); // Math.max is symmetric, NaN and signed zeros included
        }
    }

    // ---- multiply-adds ---------------------------------------------------------------------------

    /** y += alpha * x */
    public static void axpy(float alpha, MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, y.getAtIndex(F, yo + i) + alpha * x.getAtIndex(F, xo + i));
            return;
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(x, xo + i).fma(av, load(y, yo + i)), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).fma(av, load(y, yo + i, m)), y, yo + i, m);
        }
    }

    /** y = alpha * x + beta * y */
    public static void axpby(float alpha, MemorySegment x, long xo, float beta, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, alpha * x.getAtIndex(F, xo + i) + beta * y.getAtIndex(F, yo + i));
            return;
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            store(load(x, xo + i).fma(av, load(y, yo + i).mul(beta)), y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).fma(av, load(y, yo + i, m).mul(beta)), y, yo + i, m);
        }
    }

    /** c += a * b */
    public static void mulAdd(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, c.getAtIndex(F, co + i) + a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(a, ao + i).fma(load(b, bo + i), load(c, co + i)), c, co + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(a, ao + i, m).fma(load(b, bo + i, m), load(c, co + i, m)), c, co + i, m);
        }
    }

    // ---- fill and copy -----------------------------------------------------------------------------

    public static void fill(MemorySegment x, long xo, int n, float value) {
        // Runs shorter than a vector (a padded image's borders: 2 floats a row) by hand: a masked store took per-lane checks.
        if (!ENABLED || n < L) {
            for (int i = 0; i < n; i++) x.setAtIndex(F, xo + i, value);
            return;
        }
        FloatVector v = FloatVector.broadcast(S, value);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(v, x, xo + i);
        if (i < n) store(v, x, xo + n - L); // the tail as a whole vector overlapping the last one
    }

    /** dst = src; overlapping runs are copied as if through a temporary. */
    public static void copy(MemorySegment src, long so, MemorySegment dst, long dstOff, int n) {
        MemorySegment.copy(src, so * 4, dst, dstOff * 4, (long) n * 4);
    }

    // ---- a row vector against every row of a matrix --------------------------------------------------

    /** c[r, j] = a[r, j] + b[j] for a rows × cols matrix a (bias add). */
    public static void addRow(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int rows, int cols) {
        for (int r = 0; r < rows; r++) add(a, ao + (long) r * cols, b, bo, c, co + (long) r * cols, cols);
    }

    /** c[r, j] = a[r, j] * b[j] */
    public static void mulRow(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int rows, int cols) {
        for (int r = 0; r < rows; r++) mul(a, ao + (long) r * cols, b, bo, c, co + (long) r * cols, cols);
    }
}
