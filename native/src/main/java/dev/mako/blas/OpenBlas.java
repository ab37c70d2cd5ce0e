package dev.mako.blas;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * OpenBLAS through FFM downcalls: row-major {@code sgemm} and {@code sgemv} over
 * {@code (segment, offset in floats, leading dimension)}, plus thread and core queries.
 *
 * <p>The library is located once, when this class initialises ({@link OpenBlasLocator}), and one
 * line on stderr says which library was chosen and why. Each symbol is resolved once into a
 * {@code static final MethodHandle}. When no library is in use, {@link #isAvailable()} is false
 * and the call methods throw {@link BlasLoadException} with the reason.
 *
 * <p>Downcalls: {@code cblas_sgemm} for calls of m·n·k ≤ {@value #CRITICAL_MAX_VOLUME} (well
 * under a microsecond, single-threaded inside OpenBLAS) and the {@code openblas_get_*} queries
 * use {@link Linker.Option#critical critical} downcalls, which skip the thread-state transition;
 * larger GEMMs, {@code sgemv} and {@code openblas_set_num_threads} (which may start threads) use
 * ordinary ones, so a long call never holds up a garbage-collection safepoint.
 */
public final class OpenBlas {
    private OpenBlas() {}

    public static final int ROW_MAJOR = 101;
    public static final int NO_TRANS = 111;
    public static final int TRANS = 112;
    /** Largest m·n·k sent through the critical downcall. */
    public static final long CRITICAL_MAX_VOLUME = 32 * 32 * 32;

    private static final BlasSettings SETTINGS;
    private static final BlasLibrary LIBRARY;
    private static final BlasLoadException FAILURE;

    static {
        BlasSettings settings = null;
        BlasLibrary library;
        BlasLoadException failure = null;
        try {
            settings = BlasSettings.fromEnvironment();
            library = OpenBlasLocator.locate(settings);
        } catch (BlasLoadException e) {
            failure = e;
            library = BlasLibrary.none(e.getMessage());
        } catch (RuntimeException e) {
            failure = new BlasLoadException(e.getMessage(), e);
            library = BlasLibrary.none(e.getMessage());
        }
        SETTINGS = settings;
        LIBRARY = library;
        FAILURE = failure;
    }

    /**
     * Matrix and vector pointers are passed as raw addresses ({@code JAVA_LONG}, the size of a
     * pointer on the 64-bit platforms OpenBLAS ships for): a segment argument would need a slice
     * object per call for the offset, and whether escape analysis removes it depends on inlining.
     * {@link #checkUsable} stands in for the liveness and thread checks the linker would make.
     */
    private static final ValueLayout POINTER = JAVA_LONG;
    private static final FunctionDescriptor SGEMM_SIGNATURE = FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_FLOAT, POINTER, JAVA_INT, POINTER, JAVA_INT, JAVA_FLOAT, POINTER, JAVA_INT);

    private static final MethodHandle SGEMM = bind("cblas_sgemm", SGEMM_SIGNATURE, false);
    private static final MethodHandle SGEMM_CRITICAL = bind("cblas_sgemm", SGEMM_SIGNATURE, true);
    private static final MethodHandle SGEMV = bind("cblas_sgemv", FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_FLOAT, POINTER, JAVA_INT, POINTER, JAVA_INT, JAVA_FLOAT, POINTER, JAVA_INT), false);
    private static final MethodHandle SET_NUM_THREADS = bind("openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT), false);
    private static final MethodHandle GET_NUM_THREADS = bind("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT), true);
    private static final MethodHandle GET_CORENAME = bind("openblas_get_corename", FunctionDescriptor.of(ADDRESS), true);
    private static final MethodHandle GET_CONFIG = bind("openblas_get_config", FunctionDescriptor.of(ADDRESS), true);

    private static final boolean AVAILABLE = SGEMM != null;
    /**
     * OpenMP builds keep the thread count per calling thread (OpenMP's nthreads ICV), pthread
     * builds keep one count for the process: {@link #useThreads} remembers what it set accordingly.
     */
    private static final boolean OPENMP_BUILD = AVAILABLE && config().contains("USE_OPENMP");
    private static volatile int threadsSetForProcess;
    private static final ThreadLocal<int[]> THREADS_SET_FOR_THREAD = ThreadLocal.withInitial(() -> new int[1]);

    static {
        System.err.println("mako: BLAS: " + choiceLine());
    }

    private static MethodHandle bind(String name, FunctionDescriptor signature, boolean critical) {
        Optional<SymbolLookup> symbols = LIBRARY.symbols();
        if (symbols.isEmpty()) return null;
        MemorySegment address = symbols.get().find(name).orElseThrow(
                () -> new BlasLoadException(LIBRARY.location() + " has no symbol " + name + ": not a usable OpenBLAS"));
        Linker linker = Linker.nativeLinker();
        return critical
                ? linker.downcallHandle(address, signature, Linker.Option.critical(false))
                : linker.downcallHandle(address, signature);
    }

    // ---- state -----------------------------------------------------------------------------

    /** True when OpenBLAS is loaded and bound. */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    /** The library in use, or {@link LibrarySource#NONE} with the reason. */
    public static BlasLibrary library() {
        return LIBRARY;
    }

    /** The configuration problem (bad explicit path, unknown MAKO_BLAS value, forced but missing), if any. */
    public static Optional<BlasLoadException> failure() {
        return Optional.ofNullable(FAILURE);
    }

    /** The settings read at start-up; throws the configuration problem when they could not be read. */
    public static BlasSettings settings() {
        if (SETTINGS == null) throw FAILURE;
        return SETTINGS;
    }

    /** The line logged at start-up: which BLAS is used and why. */
    public static String choiceLine() {
        if (FAILURE != null) return "unusable: " + FAILURE.getMessage();
        if (!AVAILABLE) return "Java kernels only: " + LIBRARY.why();
        CoreTypeReport core = coreTypeReport();
        String line = "OpenBLAS " + version() + " (core " + core.inForce() + ") from "
                + LIBRARY.location() + ": " + LIBRARY.why();
        return core.warning().map(w -> line + ". WARNING: " + w).orElse(line);
    }

    private static void requireAvailable() {
        if (!AVAILABLE) {
            throw FAILURE != null ? FAILURE : new BlasLoadException("OpenBLAS is not in use: " + LIBRARY.why());
        }
    }

    // ---- queries -----------------------------------------------------------------------------

    /** {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.30 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=128}. */
    public static String config() {
        requireAvailable();
        try {
            return cString((MemorySegment) GET_CONFIG.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The version number from {@link #config()}, e.g. {@code 0.3.30}. */
    public static String version() {
        String[] words = config().trim().split("\\s+");
        return words.length > 1 && words[0].equals("OpenBLAS") ? words[1] : "unknown";
    }

    /** {@code openblas_get_corename()}: the kernel set in force, e.g. {@code Cooperlake}. */
    public static String coreName() {
        requireAvailable();
        try {
            return cString((MemorySegment) GET_CORENAME.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The core type in force, the {@code OPENBLAS_CORETYPE} override if any, and what detection would pick. */
    public static CoreTypeReport coreTypeReport() {
        return new CoreTypeReport(coreName(), SETTINGS.coreTypeOverride(), CoreTypes.autoDetected(CpuInfo.ofThisMachine()));
    }

    /** {@code openblas_get_num_threads()}. */
    public static int threads() {
        requireAvailable();
        try {
            return (int) GET_NUM_THREADS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True for an OpenMP build of OpenBLAS, whose thread count belongs to each calling thread. */
    public static boolean isOpenMpBuild() {
        return OPENMP_BUILD;
    }

    /**
     * Makes the calls this thread makes next use {@code n} threads: {@code openblas_set_num_threads},
     * skipped when the count is already in force (one volatile or thread-local read). With a
     * pthread build the count is process-wide, with an OpenMP build it is this thread's.
     */
    public static void useThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("OpenBLAS thread count must be at least 1, got " + n);
        if (OPENMP_BUILD) {
            int[] here = THREADS_SET_FOR_THREAD.get();
            if (here[0] != n) {
                setNumThreads(n);
                here[0] = n;
            }
        } else if (threadsSetForProcess != n) {
            setNumThreads(n);
            threadsSetForProcess = n;
        }
    }

    private static void setNumThreads(int n) {
        requireAvailable();
        try {
            SET_NUM_THREADS.invokeExact(n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- BLAS --------------------------------------------------------------------------------

    /**
     * C = alpha · op(A) · op(B) + beta · C, row-major; op(A) is m × k, op(B) is k × n. Offsets are in
     * floats; leading dimensions are the row strides of the matrices as stored. With beta == 0,
     * C is not read (NaN in C is overwritten). Segments must be native.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                             float beta, MemorySegment c, long cOffset, int ldc) {
        MatrixChecks.gemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        requireAvailable();
        if (m == 0 || n == 0) return;
        checkUsable("sgemm", "A", a);
        checkUsable("sgemm", "B", b);
        checkUsable("sgemm", "C", c);
        long pa = a.address() + aOffset * Float.BYTES;
        long pb = b.address() + bOffset * Float.BYTES;
        long pc = c.address() + cOffset * Float.BYTES;
        int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
        try {
            if ((long) m * n * k <= CRITICAL_MAX_VOLUME) {
                SGEMM_CRITICAL.invokeExact(ROW_MAJOR, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            } else {
                SGEMM.invokeExact(ROW_MAJOR, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    /**
     * y = alpha · op(A) · x + beta · y, row-major; A is m × n as stored, op(A) = Aᵀ when
     * {@code trans}. Offsets in floats, strides {@code incX}, {@code incY} ≥ 1. Segments must be native.
     */
    public static void sgemv(boolean trans, int m, int n, float alpha, MemorySegment a, long aOffset, int lda,
                             MemorySegment x, long xOffset, int incX, float beta, MemorySegment y, long yOffset, int incY) {
        MatrixChecks.gemv(trans, m, n, a, aOffset, lda, x, xOffset, incX, y, yOffset, incY);
        requireAvailable();
        if (m == 0 || n == 0) return;
        checkUsable("sgemv", "A", a);
        checkUsable("sgemv", "x", x);
        checkUsable("sgemv", "y", y);
        try {
            SGEMV.invokeExact(ROW_MAJOR, trans ? TRANS : NO_TRANS, m, n, alpha,
                    a.address() + aOffset * Float.BYTES, lda, x.address() + xOffset * Float.BYTES, incX, beta,
                    y.address() + yOffset * Float.BYTES, incY);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(y);
    }

    /**
     * Native, still alive, and accessible from this thread: what the linker checks for a segment
     * argument. (Closing a shared arena while a call runs on its memory is the owner's error, as
     * with any access; Mako's owners never do it.)
     */
    private static void checkUsable(String op, String name, MemorySegment s) {
        MatrixChecks.nativeSegment(op, name, s);
        if (!s.scope().isAlive()) throw new IllegalStateException(op + ": " + name + " belongs to an arena that is already closed");
        if (!s.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException(op + ": " + name + " belongs to a confined arena of another thread");
        }
    }

    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) return re;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("OpenBLAS downcall failed", t);
    }
}
