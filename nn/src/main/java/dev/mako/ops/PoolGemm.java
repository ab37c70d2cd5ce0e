package dev.mako.ops;

import dev.mako.kernels.Gemm;
import dev.mako.parallel.Parallel;
import java.lang.foreign.MemorySegment;

/**
 * One large GEMM split over the thread pool by blocks of rows or columns of C, each block a
 * {@link Gemm} call on its own pool thread (where Gemm runs the Java kernel on that thread). The
 * recurrent ops use it for their big products over all time steps: their parts are independent,
 * and on a shared machine a multi-threaded OpenBLAS call whose second thread is descheduled
 * stalls the whole call (measured: an LSTM training step 4× slower than with this split).
 * One reusable task per calling thread: nothing is allocated per call.
 */
final class PoolGemm implements Parallel.RangeBody {
    /** Fewer rows or columns than this per thread are not worth a split (one register tile is 32 wide). */
    private static final int MIN_PER_THREAD = 32;
    private static final ThreadLocal<PoolGemm> TASK = ThreadLocal.withInitial(PoolGemm::new);

    private boolean transA, transB, splitRows;
    private int m, n, k, lda, ldb, ldc;
    private float alpha, beta;
    private MemorySegment a, b, c;
    private long ao, bo, co;

    private PoolGemm() {}

    /** {@link Gemm#sgemm}, with C's rows shared out when it is taller than wide, else its columns. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                      float beta, MemorySegment c, long co, int ldc) {
        PoolGemm t = TASK.get();
        t.transA = transA;
        t.transB = transB;
        t.m = m;
        t.n = n;
        t.k = k;
        t.alpha = alpha;
        t.a = a;
        t.ao = ao;
        t.lda = lda;
        t.b = b;
        t.bo = bo;
        t.ldb = ldb;
        t.beta = beta;
        t.c = c;
        t.co = co;
        t.ldc = ldc;
        t.splitRows = m >= n;
        try {
            Parallel.forRange(t.splitRows ? m : n, MIN_PER_THREAD, t);
        } finally {
            t.a = t.b = t.c = null;
        }
    }

    @Override
    public void run(int start, int end) {
        if (start >= end) return;
        if (splitRows) {
            long aStart = transA ? ao + start : ao + (long) start * lda;
            Gemm.sgemm(transA, transB, end - start, n, k, alpha, a, aStart, lda, b, bo, ldb, beta, c, co + (long) start * ldc, ldc);
        } else {
            long bStart = transB ? bo + (long) start * ldb : bo + start;
            Gemm.sgemm(transA, transB, m, end - start, k, alpha, a, ao, lda, b, bStart, ldb, beta, c, co + start, ldc);
        }
    }
}
