package dev.mako.kernels;

import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * {@link DirectConv}'s tiles for a layer whose filters fit one vector (LeNet's second
 * convolution: 16 filters). With a single vector of filters the 4-pixel and 4-tap tiles keep only
 * four accumulators, so four chains of dependent FMAs (4 cycles each) cap them at one FMA per
 * cycle; these keep eight (LeNet's second convolution, batch 128, one thread: forward 1.0 → 0.89 ms,
 * kernel gradient 0.84 → 0.71 ms). Same layouts and contracts as the tiles in {@link DirectConv}.
 */
final class DirectConvOneVector {
    private DirectConvOneVector() {}

    static final int PIXELS = 8, TAPS = 8;

    /** Eight pixels (xp, xp + step, ...) × the one filter vector; every store whole (filters = L). */
    static void forward8(ConvGeometry g, int filters, MemorySegment x, long xp, int step,
                         MemorySegment w, long wo, MemorySegment b, long bo, MemorySegment y, long yp) {
        FloatVector b0 = FloatVector.fromMemorySegment(S, b, bo * Float.BYTES, ORDER);
        FloatVector p0 = b0, p1 = b0, p2 = b0, p3 = b0, p4 = b0, p5 = b0, p6 = b0, p7 = b0;
        long wk = wo;
        for (int t = 0, k = g.patchSize(); t < k; t++, wk += L) {
            long xk = xp + g.tapOffset(t);
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, wk * Float.BYTES, ORDER);
            p0 = FloatVector.broadcast(S, x.getAtIndex(F, xk)).fma(w0, p0);
            p1 = FloatVector.broadcast(S, x.getAtIndex(F, xk + step)).fma(w0, p1);
            p2 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 2L * step)).fma(w0, p2);
            p3 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 3L * step)).fma(w0, p3);
            p4 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 4L * step)).fma(w0, p4);
            p5 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 5L * step)).fma(w0, p5);
            p6 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 6L * step)).fma(w0, p6);
            p7 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 7L * step)).fma(w0, p7);
        }
        p0.intoMemorySegment(y, yp * Float.BYTES, ORDER);
        p1.intoMemorySegment(y, (yp + filters) * Float.BYTES, ORDER);
        p2.intoMemorySegment(y, (yp + 2L * filters) * Float.BYTES, ORDER);
        p3.intoMemorySegment(y, (yp + 3L * filters) * Float.BYTES, ORDER);
        p4.intoMemorySegment(y, (yp + 4L * filters) * Float.BYTES, ORDER);
        p5.intoMemorySegment(y, (yp + 5L * filters) * Float.BYTES, ORDER);
        p6.intoMemorySegment(y, (yp + 6L * filters) * Float.BYTES, ORDER);
        p7.intoMemorySegment(y, (yp + 7L * filters) * Float.BYTES, ORDER);
    }

    /**
     * Taps t..t+7 × filter vector fb over all pixels of one image, added to dw rows t..t+7 (row length fp),
     * except the first {@code skip} rows (taps an earlier tile has added).
     */
    static void weightGradient8(ConvGeometry g, int filters, int fb, int t, MemorySegment x, long image,
                                MemorySegment dz, long grads, MemorySegment dw, long at, int fp, int skip) {
        int o0 = g.tapOffset(t), o1 = g.tapOffset(t + 1), o2 = g.tapOffset(t + 2), o3 = g.tapOffset(t + 3);
        int o4 = g.tapOffset(t + 4), o5 = g.tapOffset(t + 5), o6 = g.tapOffset(t + 6), o7 = g.tapOffset(t + 7);
        int step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long d = grads + fb;
        for (int oy = 0; oy < g.outH(); oy++) {
            long px = image + (long) oy * rowStep;
            for (int ox = 0; ox < g.outW(); ox++, px += step, d += filters) {
                // A whole vector: lanes past the filters reach only dw's padding columns (see DirectConv.loadFilters).
                FloatVector d0 = FloatVector.fromMemorySegment(S, dz, d * Float.BYTES, ORDER);
                a0 = FloatVector.broadcast(S, x.getAtIndex(F, px + o0)).fma(d0, a0);
                a1 = FloatVector.broadcast(S, x.getAtIndex(F, px + o1)).fma(d0, a1);
                a2 = FloatVector.broadcast(S, x.getAtIndex(F, px + o2)).fma(d0, a2);
                a3 = FloatVector.broadcast(S, x.getAtIndex(F, px + o3)).fma(d0, a3);
                a4 = FloatVector.broadcast(S, x.getAtIndex(F, px + o4)).fma(d0, a4);
                a5 = FloatVector.broadcast(S, x.getAtIndex(F, px + o5)).fma(d0, a5);
                a6 = FloatVector.broadcast(S, x.getAtIndex(F, px + o6)).fma(d0, a6);
                a7 = FloatVector.broadcast(S, x.getAtIndex(F, px + o7)).fma(d0, a7);
            }
        }
        // Written back inline: a helper taking the accumulators may be left out of line by C2, which boxes them.
        if (skip == 0) a0.add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
        if (skip <= 1) a1.add(FloatVector.fromMemorySegment(S, dw, (at + fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp) * Float.BYTES, ORDER);
        if (skip <= 2) a2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp) * Float.BYTES, ORDER);
        if (skip <= 3) a3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp) * Float.BYTES, ORDER);
        if (skip <= 4) a4.add(FloatVector.fromMemorySegment(S, dw, (at + 4L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 4L * fp) * Float.BYTES, ORDER);
        if (skip <= 5) a5.add(FloatVector.fromMemorySegment(S, dw, (at + 5L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 5L * fp) * Float.BYTES, ORDER);
        if (skip <= 6) a6.add(FloatVector.fromMemorySegment(S, dw, (at + 6L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 6L * fp) * Float.BYTES, ORDER);
        if (skip <= 7) a7.add(FloatVector.fromMemorySegment(S, dw, (at + 7L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 7L * fp) * Float.BYTES, ORDER);
    }
}
