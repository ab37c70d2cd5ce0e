package dev.mako.kernels;

import dev.mako.blas.BlasMode;
import dev.mako.blas.MatrixChecks;
import dev.mako.blas.OpenBlas;
import dev.mako.parallel.Parallel;

import java.lang.foreign.MemorySegment;

/**
 * The one GEMM entry point, row-major: C = alpha · op(A) · op(B) + beta · C, where op(A) is
 * m × k and op(B) is k × n. Offsets are in floats; leading dimensions are row strides of the
 * matrices as stored (before transposition). With beta == 0, C is not read.
 *
 * <p>There is one thread pool, Mako's. OpenBLAS always runs single-threaded on the calling
 * thread: its own threads busy-wait for a while after every call (interleaved with the pool's
 * elementwise work on the same cores, a batch-32 MLP product then ran five times slower), and
 * calls made from several threads at once serialise inside OpenBLAS (two threads calling
 * together took twice as long each, and a batch-32 MLP step split over both went from 0.3 to
 * 2 ms). So only the Java kernel is split over the pool ({@link GemmTask}), and calls from inside
 * pool tasks always take the Java kernel. Which backend computes a call:
 * <ul>
 *   <li>{@code MAKO_BLAS=java}: always {@link JavaGemm}; {@code MAKO_BLAS=openblas}: always
 *       OpenBLAS (native segments; heap segments go to the Java kernel).</li>
 *   <li>Default ({@code auto}), outside pool tasks: single-threaded OpenBLAS where this machine's
 *       calibration measured it faster than the Java kernel with all of Mako's threads, else the
 *       Java kernel. Heap segments, empty products (k = 0), calls inside pool tasks and every
 *       shape on a machine not calibrated yet go to the Java kernel.</li>
 * </ul>
 * The calibration ({@link GemmDispatch#calibrate}, cached per machine by
 * {@link GemmCalibrationCache}) times both backends on squares 16³–256³, the batch-32 MLP shapes
 * forward and backward and a batch-1 prediction. A call takes the verdict of the calibrated shape
 * nearest in (log2 m, log2 n, log2 k) ({@link GemmDispatchTable}); OpenBLAS wins only when at
 * least {@link GemmTiming#OPENBLAS_MARGIN} times as fast, ties go to Java.
 *
 * <p>Arguments are checked before any memory is touched: a bad dimension, leading dimension or a
 * segment too small throws {@link IllegalArgumentException} naming the matrix. Nothing is
 * allocated per call once the dispatch table exists.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                             float beta, MemorySegment c, long co, int ldc) {
        MatrixChecks.gemm(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
        if (GemmDispatch.FAILURE != null) throw GemmDispatch.FAILURE;
        if (m == 0 || n == 0) return;
        if (usesOpenBlas(m, n, k, a, b, c)) {
            OpenBlas.useThreads(1); // per calling thread in an OpenMP build: set where it is called
            OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else {
            JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }

    private static boolean usesOpenBlas(int m, int n, int k, MemorySegment a, MemorySegment b, MemorySegment c) {
        if (GemmDispatch.MODE == BlasMode.JAVA || !GemmDispatch.OPENBLAS || k == 0) return false;
        if (!a.isNative() || !b.isNative() || !c.isNative()) return false;
        if (GemmDispatch.MODE == BlasMode.OPENBLAS) return true;
        return !Parallel.inParallelTask() && GemmDispatch.prefersOpenBlas(m, n, k);
    }
}
