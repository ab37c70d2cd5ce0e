package dev.mako.kernels;

/**
 * One GEMM problem size as the dispatch sees it: C (m × n) = op(A) (m × k) · op(B) (k × n).
 *
 * @param label what the shape stands for, for tables and logs
 */
public record GemmShape(String label, int m, int n, int k, boolean transA, boolean transB) {

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("GEMM shape needs positive m, n, k, got " + m + " x " + n + " x " + k);
    }

    public static GemmShape square(int n) {
        return new GemmShape(n + "^3", n, n, n, false, false);
    }

    /** Floating-point operations of one call: a multiply and an add per m·n·k. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** Floats of A, B and C as stored with the tightest leading dimensions. */
    long floatsA() {
        return (long) m * k;
    }

    long floatsB() {
        return (long) k * n;
    }

    long floatsC() {
        return (long) m * n;
    }

    int lda() {
        return transA ? m : k;
    }

    int ldb() {
        return transB ? k : n;
    }

    /** {@code m x n x k} plus the transposes, e.g. {@code 784x128x32 (A^T)}. */
    public String dims() {
        String t = transA && transB ? " (A^T, B^T)" : transA ? " (A^T)" : transB ? " (B^T)" : "";
        return m + "x" + n + "x" + k + t;
    }
}
