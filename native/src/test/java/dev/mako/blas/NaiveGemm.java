package dev.mako.blas;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The textbook triple loop in double precision, the reference BLAS results are checked against.
 * Alongside each element it returns the magnitude |alpha|·Σ|a·b| + |beta·c| that bounds the
 * rounding error of any float summation order.
 */
final class NaiveGemm {
    private NaiveGemm() {}

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** {@code [0]} the exact results (row-major m × n), {@code [1]} their magnitudes. */
    static double[][] gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                           float beta, MemorySegment c, long co, int ldc) {
        double[] out = new double[m * n], mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = a.getAtIndex(F, transA ? ao + (long) p * lda + i : ao + (long) i * lda + p);
                    double bv = b.getAtIndex(F, transB ? bo + (long) j * ldb + p : bo + (long) p * ldb + j);
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                double old = beta == 0 ? 0 : c.getAtIndex(F, co + (long) i * ldc + j);
                out[i * n + j] = alpha * s + beta * old;
                mag[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * old);
            }
        }
        return new double[][] {out, mag};
    }

    /** Float rounding allowance for a k-term dot product: a few unit roundoffs per term. */
    static double tolerance(int k, double magnitude) {
        return 4 * (k + 2) * 0x1p-24 * magnitude + 1e-30;
    }
}
