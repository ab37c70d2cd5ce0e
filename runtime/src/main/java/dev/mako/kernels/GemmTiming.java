package dev.mako.kernels;

/** Calibration result for one shape: each backend's best GFLOP/s with all of Mako's threads. */
public record GemmTiming(GemmShape shape, double javaGflops, double openBlasGflops) {

    /** OpenBLAS must be this much faster to take a shape class; ties go to the Java kernel. */
    public static final double OPENBLAS_MARGIN = 1.10;

    public boolean openBlasWins() {
        return openBlasGflops > OPENBLAS_MARGIN * javaGflops;
    }
}
