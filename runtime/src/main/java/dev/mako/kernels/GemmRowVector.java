package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * One row of C (a single-sample prediction, x · W): B read once, row after row, 128 or 64
 * columns at a time in 8 or 4 accumulators, instead of once per 32-column panel. With one row
 * nothing of B is reused, so the product runs at the speed B streams from cache: on the MNIST
 * MLP's 1 × 128 × 784 (400 KB of weights, in L2) the panel-by-panel kernel touched each B row
 * four times, a quarter of a row each time.
 */
final class GemmRowVector {
    private GemmRowVector() {}

    /**
     * C[0, 0..n) = alpha · a · B + beta · C: chunks of 128 and 64 columns in vectors, the last
     * columns (fewer than 64, such as a 10-class output layer) in scalars, with no copy of B.
     * a is read at {@code ao + p · aStride}.
     */
    static void sgemm(int n, int k, float alpha, MemorySegment a, long ao, long aStride, MemorySegment b, long bo, int ldb,
                      float beta, MemorySegment c, long co, float[] tile) {
        int j = 0;
        for (; j + 8 * L <= n; j += 8 * L) {
            row8(k, a, ao, aStride, b, bo + j, ldb, tile);
            GemmWriteBack.tile(tile, 8 * L, c, co + j, 0, alpha, beta, 1, 8 * L);
        }
        if (j + 4 * L <= n) {
            row4(k, a, ao, aStride, b, bo + j, ldb, tile);
            GemmWriteBack.tile(tile, 4 * L, c, co + j, 0, alpha, beta, 1, 4 * L);
            j += 4 * L;
        }
        int rest = n - j;
        if (rest == 0) return;
        // Copying the partial panel out zero-padded, as the other kernels do, cost more than this whole row.
        Arrays.fill(tile, 0, rest, 0f);
        for (int p = 0; p < k; p++) {
            float x = a.getAtIndex(JavaGemm.F, ao + p * aStride);
            long row = bo + (long) p * ldb + j;
            for (int t = 0; t < rest; t++) tile[t] += x * b.getAtIndex(JavaGemm.F, row + t);
        }
        GemmWriteBack.tile(tile, 4 * L, c, co + j, 0, alpha, beta, 1, rest);
    }

    /** 128 columns from {@code bo} into tile. */
    private static void row8(int k, MemorySegment a, long ao, long aStride, MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        long bp = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES, vb = (long) L * Float.BYTES, ap = ao * Float.BYTES, aStep = aStride * Float.BYTES;
        for (int p = 0; p < k; p++, bp += bStep, ap += aStep) {
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, ap));
            c0 = x.fma(FloatVector.fromMemorySegment(S, b, bp, ORDER), c0);
            c1 = x.fma(FloatVector.fromMemorySegment(S, b, bp + vb, ORDER), c1);
            c2 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 2 * vb, ORDER), c2);
            c3 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 3 * vb, ORDER), c3);
            c4 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 4 * vb, ORDER), c4);
            c5 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 5 * vb, ORDER), c5);
            c6 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 6 * vb, ORDER), c6);
            c7 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 7 * vb, ORDER), c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
    }

    /** Four vectors; two partial sums each (even and odd p) so that the FMA chains stay eight deep. */
    private static void row4(int k, MemorySegment a, long ao, long aStride, MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, d0 = z, d1 = z, d2 = z, d3 = z;
        long bp = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES, vb = (long) L * Float.BYTES, ap = ao * Float.BYTES, aStep = aStride * Float.BYTES;
        int p = 0;
        for (; p + 1 < k; p += 2, bp += 2 * bStep, ap += 2 * aStep) {
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, ap)), y = FloatVector.broadcast(S, a.get(JavaGemm.F, ap + aStep));
            c0 = x.fma(FloatVector.fromMemorySegment(S, b, bp, ORDER), c0);
            c1 = x.fma(FloatVector.fromMemorySegment(S, b, bp + vb, ORDER), c1);
            c2 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 2 * vb, ORDER), c2);
            c3 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 3 * vb, ORDER), c3);
            d0 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep, ORDER), d0);
            d1 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep + vb, ORDER), d1);
            d2 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep + 2 * vb, ORDER), d2);
            d3 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep + 3 * vb, ORDER), d3);
        }
        if (p < k) {
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, ap));
            c0 = x.fma(FloatVector.fromMemorySegment(S, b, bp, ORDER), c0);
            c1 = x.fma(FloatVector.fromMemorySegment(S, b, bp + vb, ORDER), c1);
            c2 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 2 * vb, ORDER), c2);
            c3 = x.fma(FloatVector.fromMemorySegment(S, b, bp + 3 * vb, ORDER), c3);
        }
        c0.add(d0).intoArray(tile, 0);
        c1.add(d1).intoArray(tile, L);
        c2.add(d2).intoArray(tile, 2 * L);
        c3.add(d3).intoArray(tile, 3 * L);
    }
}
