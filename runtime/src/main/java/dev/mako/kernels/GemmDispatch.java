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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state behind {@link Gemm}'s choice of backend: the mode ({@code MAKO_BLAS}), and in
 * {@link BlasMode#AUTO} with OpenBLAS present, the calibrated per-shape table. The table is
 * loaded from the per-machine cache or measured ({@link GemmCalibration}, under a second) the
 * first time a GEMM runs outside a pool task; set {@code MAKO_GEMM_RECALIBRATE=1} (or
 * {@code -Dmako.gemm.recalibrate=true}) to measure again. A calibration taken on a busy machine,
 * or cut short by its time budget, is cached as provisional: later runs use it while the machine
 * is still busy and measure again once it is quiet.
 */
public final class GemmDispatch {
    private GemmDispatch() {}

    static final BlasLoadException FAILURE = OpenBlas.failure().orElse(null);
    static final BlasMode MODE = FAILURE == null ? OpenBlas.settings().mode() : BlasMode.AUTO;
    static final boolean OPENBLAS = OpenBlas.isAvailable();
    static final int THREADS = Parallel.threads();

    static {
        // OpenBLAS starts with its own idea of the thread count; Mako's pool size is the one to use.
        if (OPENBLAS && MODE != BlasMode.JAVA) OpenBlas.useThreads(THREADS);
    }

    private static volatile GemmDispatchTable table;
    private static volatile List<GemmTiming> timings = List.of();
    private static volatile String tableSource = "not calibrated yet";

    /** The mode in force ({@code MAKO_BLAS}); throws the configuration problem if there is one. */
    public static BlasMode mode() {
        if (FAILURE != null) throw FAILURE;
        return MODE;
    }

    /**
     * The backend an m × n × k call on native segments, made outside any pool task, goes to:
     * {@code "openblas"} or {@code "java"}. Calibrates first if needed.
     */
    public static String backendFor(int m, int n, int k) {
        if (FAILURE != null) throw FAILURE;
        return switch (MODE) {
            case JAVA -> "java";
            case OPENBLAS -> "openblas";
            case AUTO -> OPENBLAS && m > 0 && n > 0 && k > 0 && prefersOpenBlas(m, n, k) ? "openblas" : "java";
        };
    }

    /** Calibration timings behind the table (empty when OpenBLAS is absent or forced either way). */
    public static List<GemmTiming> timings() {
        ensureTable();
        return timings;
    }

    /** Where the table came from: measured now, read from a cache file, or why there is none. */
    public static String tableSource() {
        return tableSource;
    }

    /** The calibration cached for this machine, if any, without measuring anything. */
    public static Optional<List<GemmTiming>> cachedTimings() {
        if (FAILURE != null || MODE != BlasMode.AUTO || !OPENBLAS) return Optional.empty();
        Map<String, String> key = cacheKey();
        return GemmCalibrationCache.load(cacheFile(key), key, GemmCalibration.SHAPES).map(GemmCalibrationCache.Stored::timings);
    }

    /** True when the cached calibration is provisional (measured on a busy machine or cut short). */
    public static boolean cachedIsProvisional() {
        if (FAILURE != null || MODE != BlasMode.AUTO || !OPENBLAS) return false;
        Map<String, String> key = cacheKey();
        return GemmCalibrationCache.load(cacheFile(key), key, GemmCalibration.SHAPES).map(GemmCalibrationCache.Stored::provisional).orElse(false);
    }

    /** The cache file for this machine's key. */
    public static Path cacheFile() {
        return cacheFile(cacheKey());
    }

    /** Until when a failed attempt to calibrate (pool busy) is not retried: calls meanwhile cost nothing. */
    private static volatile long retryAfterNanos;

    /**
     * The backend an m × n × k call on native segments made inside a pool task goes to, once the
     * table exists ({@code "java"} before): {@code "openblas"} (at one thread) or {@code "java"}.
     */
    public static String backendInTaskFor(int m, int n, int k) {
        if (FAILURE != null) throw FAILURE;
        return switch (MODE) {
            case JAVA -> "java";
            case OPENBLAS -> "openblas";
            case AUTO -> OPENBLAS && m > 0 && n > 0 && k > 0 && prefersOpenBlasInTask(m, n, k) ? "openblas" : "java";
        };
    }

    /**
     * The one-thread verdict, for calls inside pool tasks. Never calibrates (a task cannot claim
     * the pool): until a call outside the pool has built the table, tasks use the Java kernel.
     */
    static boolean prefersOpenBlasInTask(int m, int n, int k) {
        GemmDispatchTable t = table;
        return t != null && t.prefersOpenBlasOneThread(m, n, k);
    }

    static boolean prefersOpenBlas(int m, int n, int k) {
        GemmDispatchTable t = table;
        if (t == null) {
            if (System.nanoTime() - retryAfterNanos < 0) return false;
            t = ensureTable();
            if (t == null) { // the pool is busy elsewhere: the Java kernel serves, measure a second later
                retryAfterNanos = System.nanoTime() + 1_000_000_000L;
                return false;
            }
        }
        return t.prefersOpenBlas(m, n, k);
    }

    /** Loads or measures the table; null when measuring is needed but the pool cannot be claimed now. */
    private static synchronized GemmDispatchTable ensureTable() {
        if (FAILURE != null) throw FAILURE;
        if (table != null) return table;
        if (MODE != BlasMode.AUTO || !OPENBLAS) {
            tableSource = MODE == BlasMode.JAVA ? "none: MAKO_BLAS=java" : MODE == BlasMode.OPENBLAS ? "none: MAKO_BLAS=openblas" : "none: no OpenBLAS";
            return table = GemmDispatchTable.allJava();
        }
        Map<String, String> key = cacheKey();
        Path file = cacheFile(key);
        Optional<GemmCalibrationCache.Stored> cached = recalibrationRequested()
                ? Optional.empty() : GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES);
        if (cached.isPresent() && !cached.get().provisional()) {
            return use(cached.get().timings(), "cached in " + file);
        }
        // A provisional result stands while the machine is still busy: measuring now would give
        // another disturbed result, for a second's delay. Once it is quiet, measure again.
        if (cached.isPresent() && machineBusyNow()) {
            return use(cached.get().timings(), "provisional (measured on a busy machine), cached in " + file);
        }
        if (!Parallel.tryClaim()) return null;
        GemmCalibration.Result result;
        long t0 = System.nanoTime();
        try {
            result = GemmCalibration.measure();
        } finally {
            Parallel.releaseClaim();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        List<GemmTiming> measured = result.timings();
        String note = !result.javaCompiled()
                ? "provisional: the JIT had not compiled the Java kernel by the end of the warm-up"
                : !result.complete()
                ? "provisional: the time budget ran out after " + measured.size() + " of " + GemmCalibration.SHAPES.size() + " shapes"
                : result.disturbed()
                ? String.format(java.util.Locale.ROOT, "provisional: other processes used %.0f%% of the CPUs meanwhile", 100 * result.othersShare())
                : "final";
        String saved;
        try {
            GemmCalibrationCache.save(file, key, GemmCalibration.SHAPES,
                    new GemmCalibrationCache.Stored(measured, !result.javaCompiled() || !result.complete() || result.disturbed()));
            saved = "saved to " + file;
        } catch (IOException e) {
            saved = "not saved (" + e.getMessage() + ")";
        }
        System.err.println("mako: GEMM dispatch calibrated in " + ms + " ms (" + note + "); OpenBLAS takes "
                + shapeList(measured, GemmTiming::openBlasWins) + " with all threads and "
                + shapeList(measured, GemmTiming::openBlasWinsOneThread) + " inside pool tasks, the Java kernel the other measured shapes; " + saved);
        return use(measured, "measured in " + ms + " ms (" + note + "), " + saved);
    }

    /** The dims of the timings that pass {@code test}, comma-separated, or "no shape". */
    public static String shapeList(List<GemmTiming> timings, java.util.function.Predicate<GemmTiming> test) {
        String list = timings.stream().filter(test).map(t -> t.shape().dims()).collect(Collectors.joining(", "));
        return list.isEmpty() ? "no shape" : list;
    }

    private static GemmDispatchTable use(List<GemmTiming> measured, String source) {
        timings = measured;
        tableSource = source;
        return table = GemmDispatchTable.from(measured);
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

    private static boolean recalibrationRequested() {
        String v = System.getProperty("mako.gemm.recalibrate");
        if (v == null) v = System.getenv("MAKO_GEMM_RECALIBRATE");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static Map<String, String> cacheKey() {
        return GemmCalibrationCache.key(CpuInfo.ofThisMachine().identity(), OpenBlas.library().location(),
                OpenBlas.config(), OpenBlas.coreName(), THREADS);
    }

    private static Path cacheFile(Map<String, String> key) {
        return GemmCalibrationCache.file(OpenBlas.settings().cacheRoot(), key);
    }
}
