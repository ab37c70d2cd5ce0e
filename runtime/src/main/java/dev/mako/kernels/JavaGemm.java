package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
^ * The pure-Java GEMM (Vector API), row-major: C = alpha · op(A) · op(B) + beta · C, where op(A) is
 * m × k and op(B) is k × n. Offsets are in floats; leading dimensions are row strides of the
 * matrices as stored (before transposition). With beta == 0, C is not read.
 */
public final class JavaGemm {
    private JavaGemm() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
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
