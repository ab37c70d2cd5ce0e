package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * C = alpha · A · Bᵀ + beta · C for few rows of an untransposed A: every element of C is a dot
 * product of a row of A and a row of B, both contiguous along k, so nothing is packed. Tiles of
 * 4 rows of A × 4 rows of B keep 16 vector accumulators in registers (8 loads per 16 FMAs) and
 * reduce each across its lanes at the end. This is the input-gradient product of a dense layer
 * (dz · Wᵀ): packing the transposed B cost ten times the multiplication at batch 32.
 *
 * <p>Edge tiles repeat the last valid row of A or B instead of branching, and keep only the valid
 * results; the k tail past the last whole vector is added in scalar code.
 */
final class GemmDot {
    private GemmDot() {}

    static void sgemm(int m, int n, int k, float alpha, MemorySegment a, long ao, int lda,
                      MemorySegment b, long bo, int ldb, float beta, MemorySegment c, long co, int ldc) {
        int bound = S.loopBound(k);
        float[] sums = GemmScratch.forThread(0, 0).tile;
        for (int i = 0; i < m; i += 4) {
            long a0 = rowOffset(ao, lda, i, m), a1 = rowOffset(ao, lda, i + 1, m);
            long a2 = rowOffset(ao, lda, i + 2, m), a3 = rowOffset(ao, lda, i + 3, m);
            int rows = Math.min(4, m - i);
            for (int j = 0; j < n; j += 4) {
                long b0 = rowOffset(bo, ldb, j, n), b1 = rowOffset(bo, ldb, j + 1, n);
                long b2 = rowOffset(bo, ldb, j + 2, n), b3 = rowOffset(bo, ldb, j + 3, n);
                tile(bound, a, a0, a1, a2, a3, b, b0, b1, b2, b3, sums);
                int cols = Math.min(4, n - j);
                if (bound < k) addTail(bound, k, a, ao + (long) i * lda, lda, b, bo + (long) j * ldb, ldb, rows, cols, sums);
                long row = co + (long) i * ldc + j;
                for (int r = 0; r < rows; r++, row += ldc) {
                    for (int q = 0; q < cols; q++) {
                        float v = alpha * sums[4 * r + q];
                        c.setAtIndex(JavaGemm.F, row + q, beta == 0 ? v : v + beta * c.getAtIndex(JavaGemm.F, row + q));
                    }
                }
            }
        }
    }

    /** Byte offset of row {@code r} (or of the last row, for an edge tile). */
    private static long rowOffset(long base, int ld, int r, int rows) {
        return (base + (long) Math.min(r, rows - 1) * ld) * Float.BYTES;
    }

    /** The 4 × 4 dot products of rows a0..a3 with rows b0..b3 into {@code sums} (row-major). Vectors stay in this method. */
    private static void tile(int bound, MemorySegment a, long a0, long a1, long a2, long a3,
                             MemorySegment b, long b0, long b1, long b2, long b3, float[] sums) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        for (int p = 0; p < bound; p += L) {
            long off = (long) p * Float.BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(S, a, a0 + off, ORDER);
            FloatVector x1 = FloatVector.fromMemorySegment(S, a, a1 + off, ORDER);
            FloatVector x2 = FloatVector.fromMemorySegment(S, a, a2 + off, ORDER);
            FloatVector x3 = FloatVector.fromMemorySegment(S, a, a3 + off, ORDER);
            FloatVector y0 = FloatVector.fromMemorySegment(S, b, b0 + off, ORDER);
            FloatVector y1 = FloatVector.fromMemorySegment(S, b, b1 + off, ORDER);
            FloatVector y2 = FloatVector.fromMemorySegment(S, b, b2 + off, ORDER);
            FloatVector y3 = FloatVector.fromMemorySegment(S, b, b3 + off, ORDER);
            s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s02 = x0.fma(y2, s02); s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10); s11 = x1.fma(y1, s11); s12 = x1.fma(y2, s12); s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20); s21 = x2.fma(y1, s21); s22 = x2.fma(y2, s22); s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30); s31 = x3.fma(y1, s31); s32 = x3.fma(y2, s32); s33 = x3.fma(y3, s33);
        }
        sums[0] = s00.reduceLanes(VectorOperators.ADD);  sums[1] = s01.reduceLanes(VectorOperators.ADD);
        sums[2] = s02.reduceLanes(VectorOperators.ADD);  sums[3] = s03.reduceLanes(VectorOperators.ADD);
        sums[4] = s10.reduceLanes(VectorOperators.ADD);  sums[5] = s11.reduceLanes(VectorOperators.ADD);
        sums[6] = s12.reduceLanes(VectorOperators.ADD);  sums[7] = s13.reduceLanes(VectorOperators.ADD);
        sums[8] = s20.reduceLanes(VectorOperators.ADD);  sums[9] = s21.reduceLanes(VectorOperators.ADD);
        sums[10] = s22.reduceLanes(VectorOperators.ADD); sums[11] = s23.reduceLanes(VectorOperators.ADD);
        sums[12] = s30.reduceLanes(VectorOperators.ADD); sums[13] = s31.reduceLanes(VectorOperators.ADD);
        sums[14] = s32.reduceLanes(VectorOperators.ADD); sums[15] = s33.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Adds the products over the k tail {@code [from, k)} to the valid part of a tile, in scalar
     * code: masked segment loads are not compiled to vector instructions, and boxed masks and
     * vectors would make every call allocate.
     */
    private static void addTail(int from, int k, MemorySegment a, long aRow, int lda, MemorySegment b, long bRow, int ldb,
                                int rows, int cols, float[] sums) {
        for (int r = 0; r < rows; r++) {
            long ar = aRow + (long) r * lda;
            for (int q = 0; q < cols; q++) {
                long br = bRow + (long) q * ldb;
                float t = 0f;
                for (int p = from; p < k; p++) t += a.getAtIndex(JavaGemm.F, ar + p) * b.getAtIndex(JavaGemm.F, br + p);
                sums[4 * r + q] += t;
            }
        }
    }
}
