package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GEMM in plain scalar Java, for {@code -Dmako.simd=false} runs (debugging, and measuring what an
 * interpreted JVM allocates without Vector API objects). Same contract as {@link JavaGemm}; the
 * arguments are already checked and m, n, k > 0.
 */
final class ScalarGemm {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                      float beta, MemorySegment c, long co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.getAtIndex(F, ao + (long) p * lda + i) : a.getAtIndex(F, ao + (long) i * lda + p);
                    float bv = transB ? b.getAtIndex(F, bo + (long) j * ldb + p) : b.getAtIndex(F, bo + (long) p * ldb + j);
                    s += av * bv;
                }
                long ci = co + (long) i * ldc + j;
                c.setAtIndex(F, ci, beta == 0 ? alpha * s : alpha * s + beta * c.getAtIndex(F, ci));
            }
        }
    }
}
