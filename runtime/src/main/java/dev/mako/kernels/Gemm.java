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
 * <p>Which backend runs a call:
 * <ul>
 *   <li>{@code MAKO_BLAS=java}: always {@link JavaGemm}.</li>
 *   <li>{@code MAKO_BLAS=openblas}: always OpenBLAS, with Mako's thread count when the pool can be
 *       claimed, else (inside a pool task, or while another thread uses the pool) with 1 thread.</li>
 *   <li>Default ({@code auto}), outside pool tasks: OpenBLAS with Mako's thread count if it is the
 *       measured all-threads winner for the shape's class and the pool can be claimed for the
 *       duration (so Java kernels started meanwhile from other threads run serially), else
 *       {@link JavaGemm}.</li>
 *   <li>Default, inside a pool task: single-threaded, never a second pool — OpenBLAS at 1 thread
 *       if it is the measured one-thread winner, else {@link JavaGemm} on the calling thread (which
 *       runs serially there). Setting OpenBLAS to 1 thread is safe here even where the count is
 *       process-wide: the task's owner holds the pool, so no multi-threaded call can be running.
 *       Before the first call outside the pool has built the table, tasks use the Java kernel.
 *       Threads that find the pool busy without being in a task take the Java kernel.</li>
 * </ul>
 * Heap segments and empty products (k = 0) always go to Java in {@code auto}. The measured
 * winner: a one-time calibration ({@link GemmCalibration}, cached per machine by
 * {@link GemmCalibrationCache}) times both backends with all threads and with one on squares
 * 16³–256³, the batch-32 MLP shapes forward and backward and a batch-1 prediction. A call takes
 * the verdict of the calibrated shape nearest in (log2 m, log2 n, log2 k)
 * ({@link GemmDispatchTable}); OpenBLAS wins only when at least {@link GemmTiming#OPENBLAS_MARGIN}
 * times as fast, ties go to Java.
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
        if (GemmDispatch.MODE == BlasMode.OPENBLAS) {
            openBlasForced(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            return;
        }
        if (GemmDispatch.MODE == BlasMode.AUTO && GemmDispatch.OPENBLAS && k > 0 && a.isNative() && b.isNative() && c.isNative()) {
            if (Parallel.inParallelTask()) {
                // The pool's owner holds the claim, so no multi-threaded OpenBLAS call can be running.
                if (GemmDispatch.prefersOpenBlasInTask(m, n, k)) {
                    OpenBlas.useThreads(1);
                    OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                    return;
                }
            } else if (GemmDispatch.prefersOpenBlas(m, n, k) && Parallel.tryClaim()) {
                try {
                    OpenBlas.useThreads(GemmDispatch.THREADS);
                    OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                } finally {
                    Parallel.releaseClaim();
                }
                return;
            }
        }
        JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
    }

    private static void openBlasForced(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                       MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                                       float beta, MemorySegment c, long co, int ldc) {
        if (Parallel.tryClaim()) {
            try {
                OpenBlas.useThreads(GemmDispatch.THREADS);
                OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            } finally {
                Parallel.releaseClaim();
            }
        } else {
            OpenBlas.useThreads(1);
            OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }
}
