package dev.mako.blas;

import java.lang.foreign.MemorySegment;

/**
 * Argument checks for row-major BLAS calls over {@code (segment, offset in floats, leading
 * dimension)}: every element a call may touch must lie inside its segment. Messages are built only
 * when a check fails, so passing checks allocate nothing.
 */
public final class MatrixChecks {
    private MatrixChecks() {}

    /** Checks C = op(A)·op(B) + C with op(A) m × k, op(B) k × n, C m × n, all row-major. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                            MemorySegment c, long cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative dimension, m=" + m + " n=" + n + " k=" + k);
        }
        matrix("sgemm", "A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        matrix("sgemm", "B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        matrix("sgemm", "C", c, cOffset, m, n, ldc);
    }

    /** Checks y = op(A)·x + y with A m × n as stored, and strides {@code incX}, {@code incY} ≥ 1. */
    public static void gemv(boolean trans, int m, int n, MemorySegment a, long aOffset, int lda,
                            MemorySegment x, long xOffset, int incX, MemorySegment y, long yOffset, int incY) {
        if (m < 0 || n < 0) throw new IllegalArgumentException("sgemv: negative dimension, m=" + m + " n=" + n);
        if (incX < 1 || incY < 1) throw new IllegalArgumentException("sgemv: incX=" + incX + " and incY=" + incY + " must be at least 1");
        matrix("sgemv", "A", a, aOffset, m, n, lda);
        vector("sgemv", "x", x, xOffset, trans ? m : n, incX);
        vector("sgemv", "y", y, yOffset, trans ? n : m, incY);
    }

    /** A {@code rows × cols} matrix stored with row stride {@code ld}, starting at {@code offset} floats. */
    static void matrix(String op, String name, MemorySegment s, long offset, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + name + " is " + ld + ", less than its " + cols + " columns (stored " + rows + " x " + cols + ")");
        }
        if (offset < 0) throw new IllegalArgumentException(op + ": negative offset " + offset + " for " + name);
        if (rows == 0 || cols == 0) return;
        long end = offset + (long) (rows - 1) * ld + cols;
        if (end > s.byteSize() / Float.BYTES) {
            throw new IllegalArgumentException(op + ": " + name + " (" + rows + " x " + cols + ", leading dimension " + ld + ", offset " + offset
                    + ") needs " + end + " floats but its segment holds " + s.byteSize() / Float.BYTES);
        }
    }

    static void vector(String op, String name, MemorySegment s, long offset, int length, int inc) {
        if (offset < 0) throw new IllegalArgumentException(op + ": negative offset " + offset + " for " + name);
        if (length == 0) return;
        long end = offset + (long) (length - 1) * inc + 1;
        if (end > s.byteSize() / Float.BYTES) {
            throw new IllegalArgumentException(op + ": " + name + " (" + length + " elements, stride " + inc + ", offset " + offset
                    + ") needs " + end + " floats but its segment holds " + s.byteSize() / Float.BYTES);
        }
    }

    /** OpenBLAS reads and writes through raw pointers: heap arrays cannot be passed. */
    static void nativeSegment(String op, String name, MemorySegment s) {
        if (!s.isNative()) throw new IllegalArgumentException(op + ": OpenBLAS needs off-heap (native) memory, but " + name + " is a heap segment");
    }
}
