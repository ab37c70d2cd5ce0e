package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled GEMM micro-kernels over packed panels: an {@link #MR}-row panel of A stored
 * {@code [kc][MR]} times a panel of B stored {@code [kc][width]}, width {@link #NR} (two vectors)
 * or {@link #L} (one vector). The accumulators are locals so that C2 keeps them in registers
 * (16 of the 32 AVX-512 registers for the wide kernel). The tile is written back as
 * {@code C = alpha · acc + beta · C}; with beta == 0, C is not read. A tile cut by the edge of C
 * ({@code mr < MR} or {@code nr < width}) goes through the {@code tile} scratch array instead.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Floats per vector. */
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 8;
    /** Columns of the wide register tile: two vectors. */
    static final int NR = 2 * L;

    /** MR × NR tile from an A panel at {@code ao} and a B panel of width NR at {@code bo}. */
    static void wide(int kc, float[] ap, int ao, float[] bp, int bo,
                     MemorySegment c, long co, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (mr == MR && nr == NR) {
            long row = co * Float.BYTES, step = (long) ldc * Float.BYTES;
            store(c00, c, row, alpha, beta); store(c01, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c10, c, row, alpha, beta); store(c11, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c20, c, row, alpha, beta); store(c21, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c30, c, row, alpha, beta); store(c31, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c40, c, row, alpha, beta); store(c41, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c50, c, row, alpha, beta); store(c51, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c60, c, row, alpha, beta); store(c61, c, row + L * Float.BYTES, alpha, beta); row += step;
            store(c70, c, row, alpha, beta); store(c71, c, row + L * Float.BYTES, alpha, beta);
        } else {
            c00.intoArray(tile, 0);          c01.intoArray(tile, L);
            c10.intoArray(tile, NR);         c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);     c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);     c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);     c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);     c51.intoArray(tile, 5 * NR + L);
            c60.intoArray(tile, 6 * NR);     c61.intoArray(tile, 6 * NR + L);
            c70.intoArray(tile, 7 * NR);     c71.intoArray(tile, 7 * NR + L);
            storeEdge(tile, NR, c, co, ldc, alpha, beta, mr, nr);
        }
    }

    /** MR × L tile from an A panel at {@code ao} and a B panel of width L at {@code bo}. */
    static void narrow(int kc, float[] ap, int ao, float[] bp, int bo,
                       MemorySegment c, long co, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, ap[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, ap[ai + 7]).fma(b0, c7);
        }
        if (mr == MR && nr == L) {
            long row = co * Float.BYTES, step = (long) ldc * Float.BYTES;
            store(c0, c, row, alpha, beta); row += step;
            store(c1, c, row, alpha, beta); row += step;
            store(c2, c, row, alpha, beta); row += step;
            store(c3, c, row, alpha, beta); row += step;
            store(c4, c, row, alpha, beta); row += step;
            store(c5, c, row, alpha, beta); row += step;
            store(c6, c, row, alpha, beta); row += step;
            store(c7, c, row, alpha, beta);
        } else {
            c0.intoArray(tile, 0);
            c1.intoArray(tile, L);
            c2.intoArray(tile, 2 * L);
            c3.intoArray(tile, 3 * L);
            c4.intoArray(tile, 4 * L);
            c5.intoArray(tile, 5 * L);
            c6.intoArray(tile, 6 * L);
            c7.intoArray(tile, 7 * L);
            storeEdge(tile, L, c, co, ldc, alpha, beta, mr, nr);
        }
    }

    /** One vector of C at byte offset {@code off}: alpha · acc + beta · C, C unread when beta == 0. */
    static void store(FloatVector acc, MemorySegment c, long off, float alpha, float beta) {
        FloatVector v;
        if (beta == 0) {
            v = acc.mul(alpha);
        } else {
            v = acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromMemorySegment(S, c, off, ORDER).mul(beta));
        }
        v.intoMemorySegment(c, off, ORDER);
    }

    /** The {@code mr × nr} corner of a tile held in {@code tile} (row stride {@code width}) into C. */
    static void storeEdge(float[] tile, int width, MemorySegment c, long co, int ldc,
                          float alpha, float beta, int mr, int nr) {
        for (int r = 0; r < mr; r++) {
            long row = co + (long) r * ldc;
            for (int j = 0; j < nr; j++) {
                float t = tile[r * width + j];
                float v = beta == 0 ? alpha * t : Math.fma(alpha, t, beta * c.getAtIndex(JavaGemm.F, row + j));
                c.setAtIndex(JavaGemm.F, row + j, v);
            }
        }
    }
}
