package dev.mako.kernels;

import dev.mako.parallel.Parallel;
import java.lang.foreign.MemorySegment;

/**
 * One Java-kernel GEMM split over the pool: a reusable body (one per calling thread, so nothing is
 * allocated per call) that hands each part a block of whole register-tile columns of C, or of
 * rows when C is taller than wide. Each part packs its own panels; the duplicated packing of the
 * shared operand is small next to the multiplication at the sizes that are split at all.
 */
final class GemmTask implements Parallel.RangeBody {
    private static final ThreadLocal<GemmTask> PER_THREAD = ThreadLocal.withInitial(GemmTask::new);

    /**
     * Multiply-adds (m · n · k) from which the pool is used: about 10 µs of work on one core,
     * where handing out and joining the parts (about 1 µs) stops mattering. The batch-32 MLP's
     * first layer (32 × 128 × 784, forward and weight gradient) is split; its smaller layers are not.
     */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    /** A thread that never runs: segments it may access are accessible from the pool's workers too. */
    private static final Thread ANY_OTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    private boolean transA, transB, byRows;
    private int m, n, k, lda, ldb, ldc;
    private float alpha, beta;
    private MemorySegment a, b, c;
    private long ao, bo, co;

    private GemmTask() {}

    /** Whether an m × n × k product on these segments is split over the pool from this thread. */
    static boolean splits(int m, int n, int k, MemorySegment a, MemorySegment b, MemorySegment c) {
        return Parallel.threads() > 1 && (long) m * n * k >= PARALLEL_MIN_WORK && !Parallel.inParallelTask()
                && shared(a) && shared(b) && shared(c);
    }

    /** Whether other threads may touch {@code seg} (segments of a confined arena keep the GEMM serial). */
    private static boolean shared(MemorySegment seg) {
        return seg.isAccessibleBy(ANY_OTHER_THREAD);
    }

    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                    float beta, MemorySegment c, long co, int ldc) {
        GemmTask t = PER_THREAD.get();
        t.transA = transA; t.transB = transB; t.m = m; t.n = n; t.k = k; t.alpha = alpha; t.beta = beta;
        t.a = a; t.ao = ao; t.lda = lda; t.b = b; t.bo = bo; t.ldb = ldb; t.c = c; t.co = co; t.ldc = ldc;
        t.byRows = m > n;
        int units = t.byRows ? ceilDiv(m, GemmMicroKernel.MR) : ceilDiv(n, GemmMicroKernel.NR);
        try {
            Parallel.forRange(units, 1, t);
        } finally {
            t.a = t.b = t.c = null; // do not keep the caller's segments reachable
        }
    }

    @Override
    public void run(int start, int end) {
        if (byRows) {
            int i0 = start * GemmMicroKernel.MR, i1 = Math.min(m, end * GemmMicroKernel.MR);
            if (i0 >= i1) return;
            long aOff = transA ? ao + i0 : ao + (long) i0 * lda;
            part(i1 - i0, n, aOff, bo, co + (long) i0 * ldc);
        } else {
            int j0 = start * GemmMicroKernel.NR, j1 = Math.min(n, end * GemmMicroKernel.NR);
            if (j0 >= j1) return;
            long bOff = transB ? bo + (long) j0 * ldb : bo + j0;
            part(m, j1 - j0, ao, bOff, co + j0);
        }
    }

    private void part(int rows, int cols, long aOff, long bOff, long cOff) {
        JavaGemm.serial(transA, transB, rows, cols, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
