package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Elementwise kernels over contiguous float runs: {@code (segment, offset in floats, length)}.
 * Outputs may alias inputs.
 */
public final class Elementwise {
    private Elementwise() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** c = a + b */
    public static void add(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) + b.getAtIndex(F, bo + i));
    }

    /** c = a - b */
    public static void sub(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) - b.getAtIndex(F, bo + i));
    }

    /** c = a * b */
    public static void mul(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i));
    }

    /** c = a / b */
    public static void div(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) / b.getAtIndex(F, bo + i));
    }

    /** c = max(a, b) */
    public static void max(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, Math.max(a.getAtIndex(F, ao + i), b.getAtIndex(F, bo + i)));
    }

    /** c = a + s */
    public static void addScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) + s);
    }

    /** c = a * s */
    public static void mulScalar(MemorySegment a, long ao, float s, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, a.getAtIndex(F, ao + i) * s);
    }

    /** y += alpha * x */
    public static void axpy(float alpha, MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, y.getAtIndex(F, yo + i) + alpha * x.getAtIndex(F, xo + i));
    }

    /** y = alpha * x + beta * y */
    public static void axpby(float alpha, MemorySegment x, long xo, float beta, MemorySegment y, long yo, int n) {
        for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, alpha * x.getAtIndex(F, xo + i) + beta * y.getAtIndex(F, yo + i));
    }

    /** c += a * b */
    public static void mulAdd(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int n) {
        for (int i = 0; i < n; i++) c.setAtIndex(F, co + i, c.getAtIndex(F, co + i) + a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i));
    }

    public static void fill(MemorySegment x, long xo, int n, float value) {
        for (int i = 0; i < n; i++) x.setAtIndex(F, xo + i, value);
    }

    public static void copy(MemorySegment src, long so, MemorySegment dst, long dstOff, int n) {
        MemorySegment.copy(src, so * 4, dst, dstOff * 4, (long) n * 4);
    }

    /** c[r, j] = a[r, j] + b[j] for a rows × cols matrix a (bias add). */
    public static void addRow(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int rows, int cols) {
        for (int r = 0; r < rows; r++) add(a, ao + (long) r * cols, b, bo, c, co + (long) r * cols, cols);
    }

    /** c[r, j] = a[r, j] * b[j] */
    public static void mulRow(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment c, long co, int rows, int cols) {
        for (int r = 0; r < rows; r++) mul(a, ao + (long) r * cols, b, bo, c, co + (long) r * cols, cols);
    }
}
