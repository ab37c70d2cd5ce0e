package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * op(B) = Bᵀ for few rows of C: copies Bᵀ (k × n) into the calling thread's scratch, then runs the
 * unpacked kernel ({@link GemmDirect}) on it. With few rows each element of B is used only m
 * times, so the kernel must stream B along its rows; one blocked transposition (about a
 * nanosecond per element) is cheaper than any strided use of B. This is the input gradient of a
 * dense layer, dz · Wᵀ.
 */
final class GemmTransposeB {
    private GemmTransposeB() {}

    /** Rows of B transposed per block: their row pieces stay in L1 while they are scattered. */
    private static final int BLOCK = 16;

    static void sgemm(boolean transA, int m, int n, int k, float alpha, MemorySegment a, long ao, int lda,
                      MemorySegment b, long bo, int ldb, float beta, MemorySegment c, long co, int ldc) {
        GemmScratch s = GemmScratch.forThread(0, 0);
        MemorySegment bt = s.transposed((long) k * n);
        transpose(b, bo, ldb, n, k, s);
        MemorySegment.copy(s.transposedRows, 0, bt, ValueLayout.JAVA_FLOAT, 0, k * n);
        GemmDirect.sgemm(transA, m, n, k, alpha, a, ao, lda, bt, 0, n, beta, c, co, ldc);
    }

    /** {@code s.transposedRows[p · n + j] = B[j, p]} for the n × k matrix B. */
    private static void transpose(MemorySegment b, long bo, int ldb, int n, int k, GemmScratch s) {
        if (s.rowBlock.length < BLOCK * k) s.rowBlock = new float[BLOCK * k];
        float[] rows = s.rowBlock, t = s.transposedRows;
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int jn = Math.min(BLOCK, n - j0);
            for (int jj = 0; jj < jn; jj++) {
                MemorySegment.copy(b, ValueLayout.JAVA_FLOAT, (bo + (long) (j0 + jj) * ldb) * Float.BYTES, rows, jj * k, k);
            }
            for (int p = 0; p < k; p++) {
                int dst = p * n + j0;
                for (int jj = 0; jj < jn; jj++) t[dst + jj] = rows[jj * k + p];
            }
        }
    }
}
