package dev.mako.cli;

import dev.mako.kernels.GemmDispatch;
import dev.mako.kernels.GemmTiming;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./mako calibrate [--force]}: measures OpenBLAS against the Java GEMM on this machine and
 * caches the per-shape verdicts. The commands that train or benchmark run {@link #ifNeeded()}
 * first, so a user never has to.
 */
final class CalibrateCommand implements Main.Command {
    @Override
    public String summary() {
        return "measure the GEMM backends on this machine (done by itself when needed; --force measures again)";
    }

    @Override
    public int run(String[] argv) {
        Args args = new Args(argv, Set.of(), Set.of("--force"));
        if (!args.positional().isEmpty()) throw new UsageException("usage: ./mako calibrate [--force]");
        System.out.println(GemmDispatch.calibrate(args.flag("--force")));
        var timings = GemmDispatch.timings();
        if (!timings.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-36s %10s %10s %10s %10s%n", "shape (GFLOP/s)", "java", "openblas", "java 1T", "openblas 1T");
            for (GemmTiming t : timings) {
                System.out.printf(Locale.ROOT, "%-36s %10.1f %10.1f %10.1f %10.1f%n", t.shape().dims(),
                        t.javaGflops(), t.openBlasGflops(), t.javaOneThreadGflops(), t.openBlasOneThreadGflops());
            }
        }
        System.out.println("table in force: " + GemmDispatch.tableSource());
        return 0;
    }

    /** Calibrates before a computing command when this machine has no final calibration yet (a second or two), saying so on standard error. */
    static void ifNeeded() {
        if (!GemmDispatch.needsCalibration()) return;
        System.err.println("mako: " + GemmDispatch.calibrate(false));
    }
}
