package dev.mako.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The one GEMM entry point, row-major: C = alpha · op(A) · op(B) + beta · C, where op(A) is
 * m × k and op(B) is k × n. Offsets are in floats; leading dimensions are row strides of the
 * matrices as stored (before transposition). With beta == 0, C is not read.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                             float beta, MemorySegment c, long co, int ldc) {
        JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
    }
}
