package dev.mako.kernels;

/**
 * Calibration result for one shape: each backend's best GFLOP/s with all of Mako's threads (the
 * route outside pool tasks) and with one thread (the route inside them).
 */
public record GemmTiming(GemmShape shape, double javaGflops, double openBlasGflops,
                         double javaOneThreadGflops, double openBlasOneThreadGflops) {

    /** OpenBLAS must be this much faster to take a shape class; ties go to the Java kernel. */
    public static final double OPENBLAS_MARGIN = 1.10;

    /**
     * OpenBLAS (single-threaded, the only way Mako calls it) beats the Java kernel with all
     * threads — whose figure is taken as at least its one-thread figure: timed in isolated bursts,
     * a product split over the pool waits for the pool's worker to wake up and measured up to five
     * times slower than on one thread, while inside a training step, where the worker is awake,
     * the split is the faster one (a batch-32 MLP step: 367 µs on one thread, 313 µs on two).
     */
    public boolean openBlasWins() {
        return openBlasGflops > OPENBLAS_MARGIN * Math.max(javaGflops, javaOneThreadGflops);
    }

    /** OpenBLAS at one thread beats the Java kernel at one thread. */
    public boolean openBlasWinsOneThread() {
        return openBlasOneThreadGflops > OPENBLAS_MARGIN * javaOneThreadGflops;
    }
}
