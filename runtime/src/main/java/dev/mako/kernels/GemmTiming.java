package dev.mako.kernels;

/**
 * Calibration result for one shape: each backend's best GFLOP/s with all of Mako's threads (the
 * route outside pool tasks) and with one thread (the route inside them).
 */
public record GemmTiming(GemmShape shape, double javaGflops, double openBlasGflops,
                         double javaOneThreadGflops, double openBlasOneThreadGflops) {

    /** OpenBLAS must be this much faster to take a shape class; ties go to the Java kernel. */
    public static final double OPENBLAS_MARGIN = 1.10;

    /** OpenBLAS with all threads beats the Java kernel with all threads. */
    public boolean openBlasWins() {
        return openBlasGflops > OPENBLAS_MARGIN * javaGflops;
    }

    /** OpenBLAS at one thread beats the Java kernel at one thread. */
    public boolean openBlasWinsOneThread() {
        return openBlasOneThreadGflops > OPENBLAS_MARGIN * javaOneThreadGflops;
    }
}
