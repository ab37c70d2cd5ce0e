package dev.mako.kernels;

/**
 * Calibration result for one shape: each backend's best GFLOP/s timed on all of Mako's threads
 * and on one. OpenBLAS is only ever called single-threaded, so its two figures differ by noise;
 * both are kept for the calibration table.
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
}
