package dev.mako.kernels;

import dev.mako.blas.BlasLoadException;
import dev.mako.blas.BlasMode;
import dev.mako.blas.CpuInfo;
import dev.mako.blas.OpenBlas;
import dev.mako.parallel.CpuContention;
import dev.mako.parallel.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state behind {@link Gemm}'s choice of backend: the mode ({@code MAKO_BLAS}), and in
 * {@link BlasMode#AUTO} with OpenBLAS present, the per-shape table measured on this machine.
 *
 * <p>The table comes from this machine's calibration ({@link GemmCalibration}: a few seconds on
 * all cores, cached per machine by {@link GemmCalibrationCache}), made by {@link #calibrate} —
 * which {@code ./mako} runs by itself before the commands that train or benchmark. Nothing is
 * measured on the first GEMM call of a process: there the JIT has not compiled the Java kernel
 * yet, so such a measurement sends every shape to OpenBLAS, and it would stall the first training
 * step by a second. Until the machine is calibrated, the Java kernel serves every shape: it is the
 * faster one on the small and skinny products of training steps, and never far behind elsewhere.
 *
 * <p>A calibration taken on a busy machine, or cut short by its budget, is cached as provisional:
 * it serves, and {@link #calibrate} measures again once the machine is quiet.
 */
public final class GemmDispatch {
    private GemmDispatch() {}

    static final BlasLoadException FAILURE = OpenBlas.failure().orElse(null);
    static final BlasMode MODE = FAILURE == null ? OpenBlas.settings().mode() : BlasMode.AUTO;
    static final boolean OPENBLAS = OpenBlas.isAvailable();
    static final int THREADS = Parallel.threads();

    static {
        // OpenBLAS never brings threads of its own: Mako's pool splits the products worth splitting (see Gemm).
        if (OPENBLAS) OpenBlas.useThreads(1);
    }

    private static volatile GemmDispatchTable table;
    private static volatile List<GemmTiming> timings = List.of();
    private static volatile String tableSource = "not loaded yet";

    /** The mode in force ({@code MAKO_BLAS}); throws the configuration problem if there is one. */
    public static BlasMode mode() {
        if (FAILURE != null) throw FAILURE;
        return MODE;
    }

    /** The backend an m × n × k call on native segments, made outside any pool task, goes to: {@code "openblas"} or {@code "java"}. */
    public static String backendFor(int m, int n, int k) {
        if (FAILURE != null) throw FAILURE;
        return switch (MODE) {
            case JAVA -> "java";
            case OPENBLAS -> "openblas";
            case AUTO -> OPENBLAS && m > 0 && n > 0 && k > 0 && prefersOpenBlas(m, n, k) ? "openblas" : "java";
        };
    }

    /**
     * The backend an m × n × k call on native segments made inside a pool task goes to: the Java
     * kernel unless OpenBLAS is forced (OpenBLAS calls from several threads at once serialise).
     */
    public static String backendInTaskFor(int m, int n, int k) {
        if (FAILURE != null) throw FAILURE;
        return MODE == BlasMode.OPENBLAS ? "openblas" : "java";
    }

    static boolean prefersOpenBlas(int m, int n, int k) {
        return table().prefersOpenBlas(m, n, k);
    }

    /** Calibration timings behind the table in force (empty when not calibrated, OpenBLAS absent or either backend forced). */
    public static List<GemmTiming> timings() {
        table();
        return timings;
    }

    /** Where the table in force came from: a calibration (final or provisional) and its file, or why there is none. */
    public static String tableSource() {
        table();
        return tableSource;
    }

    /** This machine's cache file. */
    public static Path cacheFile() {
        return cacheFile(cacheKey());
    }

    /**
     * True when {@link #calibrate} would measure: automatic mode with OpenBLAS present, and no
     * calibration of this machine cached, or only a provisional one.
     */
    public static boolean needsCalibration() {
        if (FAILURE != null || MODE != BlasMode.AUTO || !OPENBLAS) return false;
        return cached().map(GemmCalibrationCache.Stored::provisional).orElse(true);
    }

    /**
     * Measures both backends on this machine (a few seconds, all cores), caches the result and
     * serves from it from now on. Without {@code force}, measures only when {@link #needsCalibration}
     * says so, and a provisional calibration only when the machine is quiet now (measuring on a busy
     * one would give another disturbed result). Call it when no other thread is running GEMMs; it
     * waits up to a few seconds for the pool. Returns one line saying what was done.
     */
    public static synchronized String calibrate(boolean force) {
        if (FAILURE != null) throw FAILURE;
        if (MODE != BlasMode.AUTO || !OPENBLAS) return "GEMM dispatch: nothing to calibrate (" + noTableReason() + ")";
        Map<String, String> key = cacheKey();
        Path file = cacheFile(key);
        Optional<GemmCalibrationCache.Stored> cached = cached();
        if (!force && cached.isPresent() && !cached.get().provisional()) {
            install(cached.get().timings(), "calibration cached in " + file);
            return "GEMM dispatch: calibrated already (" + file + ")";
        }
        if (!force && cached.isPresent() && machineBusyNow()) {
            install(cached.get().timings(), "provisional calibration (to be measured again on a quiet machine), cached in " + file);
            return "GEMM dispatch: provisional calibration kept, the machine is busy now (" + file + ")";
        }
        if (!claimPool()) return "GEMM dispatch: not calibrated, the thread pool stayed busy; the " + (cached.isPresent() ? "provisional calibration" : "Java kernel") + " serves";
        GemmCalibration.Result result;
        long t0 = System.nanoTime();
        try {
            result = GemmCalibration.measure(GemmCalibration.Budget.THOROUGH);
        } finally {
            Parallel.releaseClaim();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        List<GemmTiming> measured = result.timings();
        boolean provisional = !result.javaCompiled() || !result.complete() || result.disturbed();
        String note = !result.javaCompiled()
                ? "provisional: the JIT had not compiled the Java kernel by the end of the warm-up"
                : !result.complete()
                ? "provisional: the time budget ran out after " + measured.size() + " of " + GemmCalibration.SHAPES.size() + " shapes"
                : result.disturbed()
                ? String.format(Locale.ROOT, "provisional: other processes used %.0f%% of the CPUs meanwhile", 100 * result.othersShare())
                : "final";
        String saved;
        try {
            GemmCalibrationCache.save(file, key, GemmCalibration.SHAPES, new GemmCalibrationCache.Stored(measured, provisional));
            saved = "saved to " + file;
        } catch (IOException e) {
            saved = "not saved (" + e.getMessage() + ")";
        }
        install(measured, (provisional ? "provisional calibration" : "calibration") + " measured in " + ms + " ms, " + saved);
        return "GEMM dispatch calibrated in " + ms + " ms (" + note + "): OpenBLAS takes " + shapeList(measured, GemmTiming::openBlasWins)
                + ", the Java kernel the other shapes and every call inside pool tasks; " + saved;
    }

    /** The dims of the timings that pass {@code test}, comma-separated, or "no shape". */
    public static String shapeList(List<GemmTiming> timings, java.util.function.Predicate<GemmTiming> test) {
        String list = timings.stream().filter(test).map(t -> t.shape().dims()).collect(Collectors.joining(", "));
        return list.isEmpty() ? "no shape" : list;
    }

    /** Serves from {@code measured} (empty: the Java kernel for every shape). Tests use it to pin a table. */
    static synchronized GemmDispatchTable install(List<GemmTiming> measured, String source) {
        timings = List.copyOf(measured);
        tableSource = source;
        return table = GemmDispatchTable.from(measured);
    }

    private static GemmDispatchTable table() {
        GemmDispatchTable t = table;
        return t != null ? t : load();
    }

    /** The cached calibration, or the all-Java table; never measures. */
    private static synchronized GemmDispatchTable load() {
        if (table != null) return table;
        if (FAILURE != null) throw FAILURE;
        if (MODE != BlasMode.AUTO || !OPENBLAS) return install(List.of(), "none: " + noTableReason());
        Optional<GemmCalibrationCache.Stored> cached = cached();
        if (cached.isEmpty()) {
            return install(List.of(), "none: this machine is not calibrated yet, so the Java kernel takes every shape "
                    + "(./mako calibrate measures; ./mako train and ./mako bench do it by themselves)");
        }
        return install(cached.get().timings(), (cached.get().provisional() ? "provisional calibration" : "calibration") + " cached in " + cacheFile());
    }

    private static String noTableReason() {
        return MODE == BlasMode.JAVA ? "MAKO_BLAS=java" : MODE == BlasMode.OPENBLAS ? "MAKO_BLAS=openblas" : "no OpenBLAS";
    }

    private static Optional<GemmCalibrationCache.Stored> cached() {
        Map<String, String> key = cacheKey();
        return GemmCalibrationCache.load(cacheFile(key), key, GemmCalibration.SHAPES);
    }

    /** Claims the pool, waiting up to five seconds for other users of it to finish. */
    private static boolean claimPool() {
        long until = System.nanoTime() + 5_000_000_000L;
        while (!Parallel.tryClaim()) {
            if (Parallel.inParallelTask() || System.nanoTime() > until) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether other processes keep the CPUs busy right now (sampled over 50 ms). */
    private static boolean machineBusyNow() {
        CpuContention sample = CpuContention.start();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return sample.othersShare() > GemmCalibration.DISTURBED_SHARE;
    }

    private static Map<String, String> cacheKey() {
        return GemmCalibrationCache.key(CpuInfo.ofThisMachine().identity(), OpenBlas.library().location(),
                OpenBlas.config(), OpenBlas.coreName(), THREADS);
    }

    private static Path cacheFile(Map<String, String> key) {
        return GemmCalibrationCache.file(OpenBlas.settings().cacheRoot(), key);
    }
}
