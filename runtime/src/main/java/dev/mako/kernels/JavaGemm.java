package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The pure-Java GEMM (Vector API), row-major: C = alpha · op(A) · op(B) + beta · C, where op(A) is
 * m × k and op(B) is k × n. Offsets are in floats; leading dimensions are row strides of the
 * matrices as stored (before transposition). With beta == 0, C is not read.
 */
public final class JavaGemm {
    private JavaGemm() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * Up to this many rows of C, an untransposed B that fits in L2 is read in place rather than
     * packed: on the MLP's 32 × 128 × 784 this ran 1.2–1.5× faster than packing.
     */
    static final int DIRECT_MAX_M = 32;
    static final long DIRECT_MAX_B_FLOATS = 256 * 1024;

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                             float beta, MemorySegment c, long co, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: dimensions must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        boolean readsAB = k > 0 && alpha != 0;
        // As stored: A is m × k (k × m when transposed), B is k × n (n × k when transposed).
        checkMatrix("A", a, ao, lda, transA ? k : m, transA ? m : k, readsAB && m > 0);
        checkMatrix("B", b, bo, ldb, transB ? n : k, transB ? k : n, readsAB && n > 0);
        checkMatrix("C", c, co, ldc, m, n, true);
        if (m == 0 || n == 0) return;
        if (!readsAB) {
            GemmScaling.scale(m, n, beta, c, co, ldc);
            return;
        }
        if (!Simd.enabled()) {
            ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            return;
        }
        if (GemmTask.splits(m, n, k, a, b, c)) {
            GemmTask.run(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else {
            serial(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }

    /** The GEMM on the calling thread, arguments already checked and m, n, k > 0. */
    static void serial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                       float beta, MemorySegment c, long co, int ldc) {
        if (!transB && m <= DIRECT_MAX_M && (long) k * n <= DIRECT_MAX_B_FLOATS) {
            GemmDirect.sgemm(transA, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else if (transB && m <= DIRECT_MAX_M && (long) k * n <= DIRECT_MAX_B_FLOATS) {
            GemmTransposeB.sgemm(transA, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else if (GemmStreamA.applies(transA, transB, m, n, k)) {
            GemmStreamA.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else {
            PackedGemm.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }

    /** Checks a {@code rows × cols} matrix with row stride {@code ld} at float offset {@code off}. */
    private static void checkMatrix(String name, MemorySegment seg, long off, int ld, int rows, int cols, boolean touched) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: ld" + name.toLowerCase() + "=" + ld + " is less than the "
                    + Math.max(1, cols) + " columns of " + name + " as stored (" + rows + " × " + cols + ")");
        }
        if (off < 0) {
            throw new IllegalArgumentException("sgemm: offset of " + name + " must be >= 0, got " + off);
        }
        if (!touched || rows == 0 || cols == 0) return;
        long end = off + (long) (rows - 1) * ld + cols;
        long size = seg.byteSize() / Float.BYTES;
        if (end > size) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + " × " + cols + ", ld " + ld + ", offset " + off
                    + ") needs " + end + " floats but its segment holds " + size);
        }
    }
}
