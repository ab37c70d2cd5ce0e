package dev.mako.cli;

import dev.mako.blas.BlasMode;
import dev.mako.blas.CoreTypeReport;
import dev.mako.blas.OpenBlas;
import dev.mako.kernels.GemmDispatch;
import dev.mako.kernels.GemmTiming;
import dev.mako.parallel.Parallel;
import jdk.incubator.vector.FloatVector;


/** {@code ./mako info}: the JDK, SIMD width, threads and BLAS backend in force. */
final class InfoCommand implements Main.Command {
    @Override
    public String summary() {
        return "print JDK, Vector API, thread and BLAS backend details";
    }

    @Override
    public int run(String[] args) {
        var species = FloatVector.SPECIES_PREFERRED;
        System.out.println("Mako runtime");
        System.out.printf("  JDK            %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("  Vector API     %s, %d bits, %d floats per vector%n", species, species.vectorBitSize(), species.length());
        System.out.printf("  threads        %d%n", Parallel.threads());
        return printBlas();
    }

    private static void line(String label, String value) {
        System.out.printf("  %-14s %s%n", label, value);
    }

    private static int printBlas() {
        if (OpenBlas.failure().isPresent()) {
            line("BLAS", "ERROR: " + OpenBlas.failure().get().getMessage());
            return 1;
        }
        BlasMode mode = GemmDispatch.mode();
        if (!OpenBlas.isAvailable()) {
            line("BLAS", "Java kernels for every shape: " + OpenBlas.library().why());
            return 0;
        }
        line("BLAS", switch (mode) {
            case AUTO -> "OpenBLAS or the Java kernel, chosen per shape by measurement (MAKO_BLAS=java|openblas forces one)";
            case OPENBLAS -> "OpenBLAS for every shape (MAKO_BLAS=openblas)";
            case JAVA -> "Java kernels for every shape (MAKO_BLAS=java)";
        });
        line("BLAS library", OpenBlas.library().location() + " (" + OpenBlas.library().why() + ")");
        line("OpenBLAS", OpenBlas.version() + ", config: " + OpenBlas.config().trim());
        CoreTypeReport core = OpenBlas.coreTypeReport();
        line("OpenBLAS core", core.inForce() + " in force; auto-detection on this CPU would pick " + core.autoDetected());
        core.override().ifPresent(v -> line("core override", "OPENBLAS_CORETYPE=" + v));
        core.warning().ifPresent(w -> line("WARNING", w));
        line("OpenBLAS thr.", OpenBlas.threads() + (OpenBlas.isOpenMpBuild() ? " (OpenMP build, set per calling thread)" : " (pthreads build)")
                + ": OpenBLAS never runs threads of its own and is called from one thread at a time; Mako's pool of "
                + Parallel.threads() + " splits the Java kernel's large products, so one thread pool owns the cores");
        if (mode == BlasMode.AUTO) line("GEMM dispatch", dispatchSummary());
        return 0;
    }

    /** The table in force, from this machine's cached calibration (info never measures). */
    private static String dispatchSummary() {
        var timings = GemmDispatch.timings();
        if (timings.isEmpty()) return GemmDispatch.tableSource();
        return "OpenBLAS for shapes near " + GemmDispatch.shapeList(timings, GemmTiming::openBlasWins)
                + "; the Java kernel for the rest and inside pool tasks (" + GemmDispatch.tableSource() + ")";
    }
}
