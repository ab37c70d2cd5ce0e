package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.NR;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * GEMM without packing, for few rows of C and an untransposed B: the kernels broadcast op(A)
 * straight from its segment (either orientation, through row and column strides) and load rows
 * of B straight from theirs (the last, partial column panel from a zero-padded copy). With few rows, packing B costs about as
 * much as the multiplication (each element of B is used only m times), so this path wins there.
 */
final class GemmDirect {
    private GemmDirect() {}

    static void sgemm(boolean transA, int m, int n, int k, float alpha,
                      MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                      float beta, MemorySegment c, long co, int ldc) {
        if (m == 1) { // a single prediction: B in one pass, no edge panel to copy
            GemmRowVector.sgemm(n, k, alpha, a, ao, transA ? lda : 1, b, bo, ldb, beta, c, co, GemmScratch.forThread(0, 0).tile);
            return;
        }
        int full = n - n % NR;
        GemmScratch s = GemmScratch.forThread(0, 0);
        MemorySegment edge = full < n ? s.edge((long) k * NR) : null;
        if (edge != null) {
            // The last, partial column panel is copied out zero-padded so that every load is a whole vector.
            int nr = n - full;
            for (int p = 0; p < k; p++) {
                long src = bo + (long) p * ldb + full, dst = (long) p * NR;
                for (int j = 0; j < nr; j++) edge.setAtIndex(JavaGemm.F, dst + j, b.getAtIndex(JavaGemm.F, src + j));
                for (int j = nr; j < NR; j++) edge.setAtIndex(JavaGemm.F, dst + j, 0f);
            }
        }
        float[] tile = s.tile;
        long ars = transA ? 1 : lda, acs = transA ? lda : 1;
        for (int i = 0; i < m; ) {
            int rows = m - i >= 8 ? 8 : m - i >= 4 ? 4 : 1;
            long aOff = ao + i * ars;
            for (int j = 0; j < n; j += NR) {
                int nr = Math.min(NR, n - j);
                MemorySegment bs = nr == NR ? b : edge;
                long bOff = nr == NR ? bo + j : 0;
                int bStride = nr == NR ? ldb : NR;
                if (rows == 8) {
                    rows8(k, a, aOff, ars, acs, bs, bOff, bStride, tile);
                } else if (rows == 4) {
                    rows4(k, a, aOff, ars, acs, bs, bOff, bStride, tile);
                } else {
                    row1(k, a, aOff, acs, bs, bOff, bStride, tile);
                }
                GemmWriteBack.tile(tile, NR, c, co + (long) i * ldc + j, ldc, alpha, beta, rows, nr);
            }
            i += rows;
        }
    }

    /**
     * Eight rows × NR columns into {@code tile}: 16 accumulators, so each pair of B vectors loaded
     * (from L2 for a large B) feeds 16 FMAs — twice what four rows get.
     */
    private static void rows8(int k, MemorySegment a, long ao, long ars, long acs,
                              MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        long rs = ars * Float.BYTES, cs = acs * Float.BYTES;
        long a0 = ao * Float.BYTES, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs, a6 = a5 + rs, a7 = a6 + rs;
        long bRow = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES;
        for (int p = 0; p < k; p++) {
            long bp = bRow + p * bStep, ap = p * cs;
            FloatVector b0 = FloatVector.fromMemorySegment(S, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, b, bp + L * Float.BYTES, ORDER);
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, a0 + ap));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a1 + ap));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a2 + ap));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a3 + ap));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a4 + ap));
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a5 + ap));
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a6 + ap));
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a7 + ap));
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0);          c01.intoArray(tile, L);
        c10.intoArray(tile, NR);         c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);     c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);     c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);     c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);     c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);     c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);     c71.intoArray(tile, 7 * NR + L);
    }

    /** Four rows × NR columns into {@code tile}. */
    private static void rows4(int k, MemorySegment a, long ao, long ars, long acs,
                              MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        long a0 = ao * Float.BYTES, rs = ars * Float.BYTES, cs = acs * Float.BYTES;
        long a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        long bRow = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES;
        for (int p = 0; p < k; p++) {
            long bp = bRow + p * bStep, ap = p * cs;
            FloatVector b0 = FloatVector.fromMemorySegment(S, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, b, bp + L * Float.BYTES, ORDER);
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, a0 + ap));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a1 + ap));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a2 + ap));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a.get(JavaGemm.F, a3 + ap));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0);          c01.intoArray(tile, L);
        c10.intoArray(tile, NR);         c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);     c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);     c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * One row × NR columns into {@code tile}; four partial sums per column pair break the FMA
     * dependency chain (one row alone would wait on FMA latency every k step).
     */
    private static void row1(int k, MemorySegment a, long ao, long acs,
                             MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector t0 = FloatVector.zero(S), t1 = FloatVector.zero(S);
        long a0 = ao * Float.BYTES, cs = acs * Float.BYTES;
        long bRow = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            long bp = bRow + p * bStep;
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, a0 + p * cs));
            FloatVector y = FloatVector.broadcast(S, a.get(JavaGemm.F, a0 + (p + 1) * cs));
            s0 = x.fma(FloatVector.fromMemorySegment(S, b, bp, ORDER), s0);
            s1 = x.fma(FloatVector.fromMemorySegment(S, b, bp + L * Float.BYTES, ORDER), s1);
            t0 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep, ORDER), t0);
            t1 = y.fma(FloatVector.fromMemorySegment(S, b, bp + bStep + L * Float.BYTES, ORDER), t1);
        }
        if (p < k) {
            long bp = bRow + p * bStep;
            FloatVector x = FloatVector.broadcast(S, a.get(JavaGemm.F, a0 + p * cs));
            s0 = x.fma(FloatVector.fromMemorySegment(S, b, bp, ORDER), s0);
            s1 = x.fma(FloatVector.fromMemorySegment(S, b, bp + L * Float.BYTES, ORDER), s1);
        }
        s0.add(t0).intoArray(tile, 0);
        s1.add(t1).intoArray(tile, L);
    }
}
