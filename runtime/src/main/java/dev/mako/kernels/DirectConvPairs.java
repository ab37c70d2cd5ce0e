package dev.mako.kernels;

import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@link DirectConv}'s forward pass and kernel gradient for one input channel and at most half a
 * vector of filters (LeNet's first layer: 6 filters, where a vector of filters leaves 10 of 16
 * lanes idle). Each vector holds two horizontally adjacent output pixels, one per half. The
 * image is first expanded so that every input value fills half a vector
 * ({@code xe[q·H + j] = x[q]}, H = L/2): then one load at pixel q + tap offset gives both pixels'
 * input for that tap, and each weight vector {@code [w(t, ·), 0…, w(t, ·), 0…]} serves two pixels
 * per FMA (eight pairs per block). One image's expansion is H times its size and stays in L1/L2.
 * The outputs land in a row scratch of H floats per pixel, whose filters are then copied to y.
 *
 * <p>Same layouts and contracts as {@link DirectConv#forward} and {@link DirectConv#weightGradient}
 * (which call this kernel when {@link #applies}); horizontal stride 1, any dilation.
 */
final class DirectConvPairs {
    private DirectConvPairs() {}

    /** Half a vector: one output pixel's filters. */
    static final int H = L / 2;
    /**
     * Output pixels per forward block: eight pairs, eight FMA chains, enough to keep both pipes
     * busy; a row's last block overlaps the one before (LeNet's first layer, one thread, AVX-512:
     * 0.76 ms against 0.93 with four-pair blocks). Rows narrower than a block go pair by pair.
     */
    private static final int BLOCK = 16;
    /** Taps per gradient block (eight accumulator chains: 0.69 ms against 0.74 with four, before the pixel table went). */
    private static final int TAPS = 8;
    /** Per filter count: two pixels' lanes [0, F) and [H, H + F) moved to [0, 2F) (outputs), and back (gradients). */
    private static final VectorShuffle<Float>[] COMPACT = shuffles(true), SPREAD = shuffles(false);
    /** The lanes SPREAD fills, per filter count: [F][0] for a row's odd last pixel alone, [F][1] for a pair. */
    private static final VectorMask<Float>[][] SPREAD_LANES = spreadLanes();
    /** Swaps the halves of a vector: folds the two pixels' kernel gradients together. */
    private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(S, i -> (i + H) % L);

    static boolean applies(ConvGeometry g, int filters) {
        return Simd.ENABLED && L >= 8 && g.channels() == 1 && filters <= H && g.strideW() == 1 && !g.isPadded();
    }

    // ---- forward ---------------------------------------------------------------------------------

    /** y [pixels, filters] = f(x ⋆ w + b) for images [n0, n1); w packed [K, fp], b packed [fp] (fp = L here). */
    static void forward(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment w, long wo,
                        MemorySegment b, long bo, Activation f, float alpha, MemorySegment y, long yo, int n0, int n1) {
        int k = g.patchSize();
        MemorySegment xe = expandedScratch(g), wv = ThreadScratch.floats(ThreadScratch.Slot.PAIRS_WEIGHTS, (k + 1L) * L); // the bias after the taps
        MemorySegment row = ThreadScratch.floats(ThreadScratch.Slot.PAIRS_ROW, (g.outW() + 1L) * H);
        for (int t = 0; t < k; t++) doubled(w, wo + (long) t * L, wv, (long) t * L);
        doubled(b, bo, wv, (long) k * L);
        for (int n = n0; n < n1; n++) {
            expand(g, x, xo + (long) n * g.inputSize(), xe);
            for (int oy = 0; oy < g.outH(); oy++) {
                forwardRow(g, filters, xe, wv, row, (long) oy * g.strideH() * g.inW(), f, alpha, y, yo + ((long) n * g.outH() + oy) * g.outW() * filters);
            }
        }
    }

    /**
     * One output row into y at yRow. (Its own method, called for every row, so that it is compiled
     * early: interpreted or C1 code boxes every vector.)
     */
    private static void forwardRow(ConvGeometry g, int filters, MemorySegment xe, MemorySegment wv, MemorySegment row, long rowPixel,
                                   Activation f, float alpha, MemorySegment y, long yRow) {
        int outW = g.outW(), rowFloats = outW * filters, ox = 0;
        if (outW >= BLOCK) {
            for (; ox + BLOCK <= outW; ox += BLOCK) forwardBlock(g, xe, wv, row, rowPixel + ox, ox);
            // The row's last pixels as one more block ending at the row's end: the pixels it repeats
            // get the same values again, cheaper than one-pair tiles with a single accumulator chain.
            if (ox < outW) forwardBlock(g, xe, wv, row, rowPixel + outW - BLOCK, outW - BLOCK);
        } else {
            for (; ox < outW; ox += 2) forwardPair(g, xe, wv, row, rowPixel + ox, ox);
        }
        // The row scratch holds H floats per pixel: the activation over whole vectors, then two pixels'
        // filters at a time into y, each store's excess overwritten by the next; the row's last pixels one by one.
        if (f != Activation.IDENTITY) Activations.forward(f, alpha, row, 0, row, 0, outW * H);
        VectorShuffle<Float> compact = COMPACT[filters];
        int p = 0;
        for (; p + 1 < outW && p * filters + L <= rowFloats; p += 2) {
            FloatVector.fromMemorySegment(S, row, (long) p * H * Float.BYTES, ORDER).rearrange(compact)
                    .intoMemorySegment(y, (yRow + (long) p * filters) * Float.BYTES, ORDER);
        }
        for (; p < outW; p++) {
            MemorySegment.copy(row, (long) p * H * Float.BYTES, y, (yRow + (long) p * filters) * Float.BYTES, (long) filters * Float.BYTES);
        }
    }

    /** Output pixels ox..ox+15 of a row (input pixel q of the first) into the row scratch, H floats each. */
    private static void forwardBlock(ConvGeometry g, MemorySegment xe, MemorySegment wv, MemorySegment row, long q, int ox) {
        int k = g.patchSize();
        FloatVector bias = FloatVector.fromMemorySegment(S, wv, (long) k * L * Float.BYTES, ORDER);
        FloatVector p0 = bias, p1 = bias, p2 = bias, p3 = bias, p4 = bias, p5 = bias, p6 = bias, p7 = bias;
        for (int t = 0; t < k; t++) {
            long at = (q + g.tapOffset(t)) * H;
            FloatVector wt = FloatVector.fromMemorySegment(S, wv, (long) t * L * Float.BYTES, ORDER);
            p0 = FloatVector.fromMemorySegment(S, xe, at * Float.BYTES, ORDER).fma(wt, p0);
            p1 = FloatVector.fromMemorySegment(S, xe, (at + 2L * H) * Float.BYTES, ORDER).fma(wt, p1);
            p2 = FloatVector.fromMemorySegment(S, xe, (at + 4L * H) * Float.BYTES, ORDER).fma(wt, p2);
            p3 = FloatVector.fromMemorySegment(S, xe, (at + 6L * H) * Float.BYTES, ORDER).fma(wt, p3);
            p4 = FloatVector.fromMemorySegment(S, xe, (at + 8L * H) * Float.BYTES, ORDER).fma(wt, p4);
            p5 = FloatVector.fromMemorySegment(S, xe, (at + 10L * H) * Float.BYTES, ORDER).fma(wt, p5);
            p6 = FloatVector.fromMemorySegment(S, xe, (at + 12L * H) * Float.BYTES, ORDER).fma(wt, p6);
            p7 = FloatVector.fromMemorySegment(S, xe, (at + 14L * H) * Float.BYTES, ORDER).fma(wt, p7);
        }
        long r = (long) ox * H;
        p0.intoMemorySegment(row, r * Float.BYTES, ORDER);
        p1.intoMemorySegment(row, (r + 2L * H) * Float.BYTES, ORDER);
        p2.intoMemorySegment(row, (r + 4L * H) * Float.BYTES, ORDER);
        p3.intoMemorySegment(row, (r + 6L * H) * Float.BYTES, ORDER);
        p4.intoMemorySegment(row, (r + 8L * H) * Float.BYTES, ORDER);
        p5.intoMemorySegment(row, (r + 10L * H) * Float.BYTES, ORDER);
        p6.intoMemorySegment(row, (r + 12L * H) * Float.BYTES, ORDER);
        p7.intoMemorySegment(row, (r + 14L * H) * Float.BYTES, ORDER);
    }

    /** Output pixels ox, ox+1 (the second may lie past the row: then it is never copied). */
    private static void forwardPair(ConvGeometry g, MemorySegment xe, MemorySegment wv, MemorySegment row, long q, int ox) {
        int k = g.patchSize();
        FloatVector p0 = FloatVector.fromMemorySegment(S, wv, (long) k * L * Float.BYTES, ORDER);
        for (int t = 0; t < k; t++) {
            p0 = FloatVector.fromMemorySegment(S, xe, (q + g.tapOffset(t)) * H * Float.BYTES, ORDER)
                    .fma(FloatVector.fromMemorySegment(S, wv, (long) t * L * Float.BYTES, ORDER), p0);
        }
        p0.intoMemorySegment(row, (long) ox * H * Float.BYTES, ORDER);
    }

    // ---- kernel gradient -------------------------------------------------------------------------

    /** dw [K, fp] += Σ over the pixels of images [n0, n1) of x's window ⊗ dz (fp = L here; lanes past the filters are not meaningful). */
    static void weightGradient(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment dz, long dzo,
                               MemorySegment dw, long dwo, int n0, int n1) {
        int k = g.patchSize();
        MemorySegment xe = expandedScratch(g), grads = ThreadScratch.floats(ThreadScratch.Slot.PAIRS_GRADIENTS, (long) g.outH() * pairsPerRow(g) * L);
        for (int n = n0; n < n1; n++) {
            expand(g, x, xo + (long) n * g.inputSize(), xe);
            spreadGradients(g, filters, dz, dzo + (long) n * g.outPixels() * filters, grads);
            int t = 0;
            for (; t + TAPS <= k; t += TAPS) gradientTaps8(g, t, xe, grads, dw, dwo + (long) t * L);
            for (; t < k; t++) gradientTap1(g, t, xe, grads, dw, dwo + (long) t * L);
        }
    }

    /**
     * One image's dz as pair vectors in {@code grads}, row by row: two pixels of one row per
     * vector, {@link #pairsPerRow} per row, a row's odd last pixel alone (second half zero).
     */
    private static void spreadGradients(ConvGeometry g, int filters, MemorySegment dz, long image, MemorySegment grads) {
        int outW = g.outW();
        long pair = 0;
        VectorShuffle<Float> spread = SPREAD[filters];
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < outW; ox += 2, pair++) {
                long d = image + ((long) oy * outW + ox) * filters;
                VectorMask<Float> lanes = SPREAD_LANES[filters][ox + 1 < outW ? 1 : 0];
                // Reads up to L floats from pixel (oy, ox): past the image's last pixel that is dz's slack.
                FloatVector.fromMemorySegment(S, dz, d * Float.BYTES, ORDER).rearrange(spread, lanes)
                        .intoMemorySegment(grads, pair * L * Float.BYTES, ORDER);
            }
        }
    }

    private static int pairsPerRow(ConvGeometry g) {
        return (g.outW() + 1) / 2;
    }

    /** Taps t..t+7 over all pairs of one image, added to dw rows t..t+7 (row length L). */
    private static void gradientTaps8(ConvGeometry g, int t, MemorySegment xe, MemorySegment grads, MemorySegment dw, long at) {
        long o0 = g.tapOffset(t), o1 = g.tapOffset(t + 1), o2 = g.tapOffset(t + 2), o3 = g.tapOffset(t + 3);
        long o4 = g.tapOffset(t + 4), o5 = g.tapOffset(t + 5), o6 = g.tapOffset(t + 6), o7 = g.tapOffset(t + 7);
        int perRow = pairsPerRow(g);
        long rowStep = (long) g.strideH() * g.inW();
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        // One flat loop over the pairs (LeNet, one thread: 0.50 ms; per-row loops of 14 pairs 0.99, a table of pixel indices 0.69): q is the
        // pair's first pixel as an input pixel index, advanced by 2 and to the next row after perRow pairs.
        long q = 0, rowJump = rowStep - 2L * perRow;
        for (long pair = 0, pairs = (long) g.outH() * perRow, j = 0; pair < pairs; pair++) {
            FloatVector d = FloatVector.fromMemorySegment(S, grads, pair * L * Float.BYTES, ORDER);
            a0 = FloatVector.fromMemorySegment(S, xe, (q + o0) * H * Float.BYTES, ORDER).fma(d, a0);
            a1 = FloatVector.fromMemorySegment(S, xe, (q + o1) * H * Float.BYTES, ORDER).fma(d, a1);
            a2 = FloatVector.fromMemorySegment(S, xe, (q + o2) * H * Float.BYTES, ORDER).fma(d, a2);
            a3 = FloatVector.fromMemorySegment(S, xe, (q + o3) * H * Float.BYTES, ORDER).fma(d, a3);
            a4 = FloatVector.fromMemorySegment(S, xe, (q + o4) * H * Float.BYTES, ORDER).fma(d, a4);
            a5 = FloatVector.fromMemorySegment(S, xe, (q + o5) * H * Float.BYTES, ORDER).fma(d, a5);
            a6 = FloatVector.fromMemorySegment(S, xe, (q + o6) * H * Float.BYTES, ORDER).fma(d, a6);
            a7 = FloatVector.fromMemorySegment(S, xe, (q + o7) * H * Float.BYTES, ORDER).fma(d, a7);
            q += 2;
            if (++j == perRow) {
                j = 0;
                q += rowJump;
            }
        }
        // Inline, no helper taking vectors (C2 may leave it out of line and box them).
        a0.add(a0.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
        a1.add(a1.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + L) * Float.BYTES, ORDER);
        a2.add(a2.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 2L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * L) * Float.BYTES, ORDER);
        a3.add(a3.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 3L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * L) * Float.BYTES, ORDER);
        a4.add(a4.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 4L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 4L * L) * Float.BYTES, ORDER);
        a5.add(a5.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 5L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 5L * L) * Float.BYTES, ORDER);
        a6.add(a6.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 6L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 6L * L) * Float.BYTES, ORDER);
        a7.add(a7.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, (at + 7L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 7L * L) * Float.BYTES, ORDER);
    }

    private static void gradientTap1(ConvGeometry g, int t, MemorySegment xe, MemorySegment grads, MemorySegment dw, long at) {
        long o = g.tapOffset(t), rowStep = (long) g.strideH() * g.inW();
        int perRow = pairsPerRow(g);
        FloatVector a0 = FloatVector.zero(S);
        long q = 0, rowJump = rowStep - 2L * perRow;
        for (long pair = 0, pairs = (long) g.outH() * perRow, j = 0; pair < pairs; pair++) {
            a0 = FloatVector.fromMemorySegment(S, xe, (q + o) * H * Float.BYTES, ORDER)
                    .fma(FloatVector.fromMemorySegment(S, grads, pair * L * Float.BYTES, ORDER), a0);
            q += 2;
            if (++j == perRow) {
                j = 0;
                q += rowJump;
            }
        }
        a0.add(a0.rearrange(SWAP)).add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
    }

    // ---- shared ----------------------------------------------------------------------------------

    /** This thread's buffer for one expanded image, with two pixels of slack (a pair at the last pixel reads one past it). */
    private static MemorySegment expandedScratch(ConvGeometry g) {
        return ThreadScratch.floats(ThreadScratch.Slot.PAIRS_EXPANDED, ((long) g.inH() * g.inW() + 2) * H);
    }

    /** xe[q·H + j] = x[q] for every input pixel q of one image (H floats of slack after the last). */
    private static void expand(ConvGeometry g, MemorySegment x, long image, MemorySegment xe) {
        int pixels = g.inH() * g.inW();
        for (int q = 0; q < pixels; q++) {
            FloatVector.broadcast(S, x.getAtIndex(F, image + q)).intoMemorySegment(xe, (long) q * H * Float.BYTES, ORDER);
        }
    }

    /** dst[at..at+L) = a packed row [v(0..H), …] with its first half copied into the second: the same filters for both pixels (no vectors: nothing to box before C2 compiles it). */
    private static void doubled(MemorySegment packed, long from, MemorySegment dst, long at) {
        MemorySegment.copy(packed, from * Float.BYTES, dst, at * Float.BYTES, (long) H * Float.BYTES);
        MemorySegment.copy(packed, from * Float.BYTES, dst, (at + H) * Float.BYTES, (long) H * Float.BYTES);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shuffles(boolean compact) {
        VectorShuffle<Float>[] s = new VectorShuffle[H + 1];
        for (int filters = 1; filters <= H; filters++) {
            int fl = filters;
            s[filters] = compact
                    ? VectorShuffle.fromOp(S, i -> i < fl ? i : i < 2 * fl ? H + i - fl : 0)
                    : VectorShuffle.fromOp(S, i -> i < H ? (i < fl ? i : 0) : (i - H < fl ? fl + i - H : 0));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[][] spreadLanes() {
        VectorMask<Float>[][] m = new VectorMask[H + 1][2];
        for (int filters = 1; filters <= H; filters++) {
            for (int pair = 0; pair < 2; pair++) {
                boolean[] set = new boolean[L];
                for (int i = 0; i < L; i++) set[i] = i < H ? i < filters : pair == 1 && i - H < filters;
                m[filters][pair] = VectorMask.fromArray(S, set, 0);
            }
        }
        return m;
    }
}
