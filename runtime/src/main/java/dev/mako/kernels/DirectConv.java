package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Direct convolution over NHWC images for few input channels, where im2col + GEMM has a poor
 * shape (MNIST's first layer: K = 3·3·1 = 9). Each output pixel broadcasts its K inputs and
 * multiply-adds them into vectors of filters; four pixels of a row are computed together so that
 * every weight vector loaded serves four FMAs. Window taps are addressed through the geometry's
 * tap offsets, so the inner loop is one flat loop over kh·kw·C whatever the kernel shape.
 *
 * <p>Layouts: images as the geometry says, read without padding (a padded geometry's input is
 * first copied by {@link #pad}); weights packed [K, fp] and the bias [fp] with
 * {@code fp = }{@link #paddedFilters} and zeros beyond the filters ({@link #pack}), so the inner
 * loops load whole vectors only; outputs and their gradients [pixels, filters], unpadded.
 */
public final class DirectConv {
    private DirectConv() {}

    private static final int PIXELS = 4, TAPS = 4;

    /** The filter count rounded up to whole vectors: the row length of packed weights. */
    public static int paddedFilters(int filters) {
        return (filters + L - 1) / L * L;
    }

    /** Floats that {@link #weightGradient} may read past the end of dz: up to a whole vector beyond the last row's filters. */
    public static int gradientSlack(int filters) {
        return paddedFilters(filters) - filters;
    }

    /** dst [rows, fp] = src [rows, filters] with zeros after each row's filters (src null: all zeros). */
    public static void pack(MemorySegment src, long so, int rows, int filters, MemorySegment dst, long dstOff) {
        int fp = paddedFilters(filters);
        for (int r = 0; r < rows; r++) {
            long d = dstOff + (long) r * fp;
            if (src != null) Elementwise.copy(src, so + (long) r * filters, dst, d, filters);
            Elementwise.fill(dst, src == null ? d : d + filters, src == null ? fp : fp - filters, 0f);
        }
    }

    /** dst [rows, filters] += src [rows, fp]: a packed gradient back into the kernel's layout. */
    public static void unpackAdd(MemorySegment src, long so, int rows, int filters, MemorySegment dst, long dstOff) {
        int fp = paddedFilters(filters);
        for (int r = 0; r < rows; r++) {
            Elementwise.add(dst, dstOff + (long) r * filters, src, so + (long) r * fp, dst, dstOff + (long) r * filters, filters);
        }
    }

    /** Copies images [n0, n1) into {@code g.unpadded()}'s layout at xp, zeros in the border. */
    public static void pad(ConvGeometry g, MemorySegment x, long xo, MemorySegment xp, long xpo, int n0, int n1) {
        ConvGeometry u = g.unpadded();
        int c = g.channels(), row = g.inW() * c, paddedRow = u.inW() * c;
        for (int n = n0; n < n1; n++) {
            long dst = xpo + (long) n * u.inputSize(), src = xo + (long) n * g.inputSize();
            Elementwise.fill(xp, dst, g.padTop() * paddedRow, 0f);
            dst += (long) g.padTop() * paddedRow;
            for (int y = 0; y < g.inH(); y++, dst += paddedRow, src += row) {
                Elementwise.fill(xp, dst, g.padLeft() * c, 0f);
                Elementwise.copy(x, src, xp, dst + (long) g.padLeft() * c, row);
                Elementwise.fill(xp, dst + (long) g.padLeft() * c + row, g.padRight() * c, 0f);
            }
            Elementwise.fill(xp, dst, g.padBottom() * paddedRow, 0f);
        }
    }

    /**
     * y = f(x ⋆ w + b) for images [n0, n1) of an unpadded geometry; w packed [K, fp], b packed [fp].
     * The activation is applied to each output row while it is still in cache.
     */
    public static void forward(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment w, long wo,
                               MemorySegment b, long bo, Activation f, float alpha, MemorySegment y, long yo, int n0, int n1) {
        requireUnpadded(g);
        if (DirectConvPairs.applies(g, filters)) DirectConvPairs.forward(g, filters, x, xo, w, wo, b, bo, f, alpha, y, yo, n0, n1);
        else forwardByFilters(g, filters, x, xo, w, wo, b, bo, f, alpha, y, yo, n0, n1);
    }

    /** {@link #forward} with vectors of filters (several pixels per block). */
    private static void forwardByFilters(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment w, long wo,
                                         MemorySegment b, long bo, Activation f, float alpha, MemorySegment y, long yo, int n0, int n1) {
        int rowFloats = g.outW() * filters, fp = paddedFilters(filters);
        // Filters not in whole vectors: each row goes through a scratch row of fp floats per pixel,
        // where every store and the activation are whole vectors, then is compacted into y.
        // (Masked stores fell back to per-lane Java code: LeNet's 6-filter layer ran 5 ms a step.)
        boolean viaScratch = ENABLED && fp != filters;
        MemorySegment row = viaScratch ? ThreadScratch.floats(ThreadScratch.Slot.DIRECT_ROW, (long) g.outW() * fp) : null;
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                long yRow = yo + ((long) n * g.outH() + oy) * rowFloats;
                long xRow = xo + (long) n * g.inputSize() + (long) oy * g.strideH() * g.inW() * g.channels();
                if (viaScratch) {
                    forwardRow(g, fp, x, xRow, w, wo, b, bo, row, 0);
                    if (f != Activation.IDENTITY) Activations.forward(f, alpha, row, 0, row, 0, g.outW() * fp);
                    for (int ox = 0; ox < g.outW(); ox++) {
                        MemorySegment.copy(row, (long) ox * fp * Float.BYTES, y, (yRow + (long) ox * filters) * Float.BYTES, (long) filters * Float.BYTES);
                    }
                    continue;
                }
                if (ENABLED) forwardRow(g, filters, x, xRow, w, wo, b, bo, y, yRow);
                else forwardRowScalar(g, filters, x, xRow, w, wo, b, bo, y, yRow);
                if (f != Activation.IDENTITY) Activations.forward(f, alpha, y, yRow, y, yRow, rowFloats);
            }
        }
    }

    /**
     * dw [K, fp] += Σ over the pixels of images [n0, n1) of x's window ⊗ dz: the kernel gradient,
     * dz [pixels, filters] being the gradient at the pre-activation output. Four taps × up to two
     * filter vectors accumulate in registers over all pixels of an image, then are added to dw once.
     * dz must stay readable for {@link #gradientSlack} floats past its last row.
     */
    public static void weightGradient(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment dz, long dzo,
                                      MemorySegment dw, long dwo, int n0, int n1) {
        requireUnpadded(g);
        if (DirectConvPairs.applies(g, filters)) DirectConvPairs.weightGradient(g, filters, x, xo, dz, dzo, dw, dwo, n0, n1);
        else weightGradientByFilters(g, filters, x, xo, dz, dzo, dw, dwo, n0, n1);
    }

    /** {@link #weightGradient} with vectors of filters. */
    private static void weightGradientByFilters(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment dz, long dzo,
                                                MemorySegment dw, long dwo, int n0, int n1) {
        int k = g.patchSize(), fp = paddedFilters(filters);
        for (int n = n0; n < n1; n++) {
            long image = xo + (long) n * g.inputSize(), grads = dzo + (long) n * g.outPixels() * filters;
            if (!ENABLED) {
                weightGradientScalar(g, filters, x, image, dz, grads, dw, dwo);
                continue;
            }
            int fb = 0;
            for (; fb + 4 * L <= fp; fb += 4 * L) {
                int t = 0;
                for (; t + TAPS <= k; t += TAPS) weightGradient4x4(g, filters, fb, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb, fp);
                for (; t < k; t++) {
                    for (int v = 0; v < 4; v++) weightGradient1(g, filters, fb + v * L, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb + v * L);
                }
            }
            for (; fb < fp; fb += 2 * L) {
                boolean two = fb + L < fp;
                int t = 0;
                if (!two) {
                    for (; t + DirectConvOneVector.TAPS <= k; t += DirectConvOneVector.TAPS) {
                        DirectConvOneVector.weightGradient8(g, filters, fb, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb, fp, 0);
                    }
                    if (t < k && k >= DirectConvOneVector.TAPS) {
                        // The last taps as the end of one more 8-tap tile, its first taps (done already) not added (LeNet's
                        // second convolution: 150 = 18 · 8 + 6; four accumulators and two single chains were slower).
                        int last = k - DirectConvOneVector.TAPS;
                        DirectConvOneVector.weightGradient8(g, filters, fb, last, x, image, dz, grads, dw, dwo + (long) last * fp + fb, fp, t - last);
                        t = k;
                    }
                }
                for (; t + TAPS <= k; t += TAPS) {
                    if (two) weightGradient4x2(g, filters, fb, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb, fp);
                    else weightGradient4x1(g, filters, fb, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb, fp);
                }
                for (; t < k; t++) {
                    weightGradient1(g, filters, fb, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb);
                    if (two) weightGradient1(g, filters, fb + L, t, x, image, dz, grads, dw, dwo + (long) t * fp + fb + L);
                }
            }
        }
    }

    private static void requireUnpadded(ConvGeometry g) {
        if (g.isPadded()) throw new IllegalArgumentException("direct convolution reads a padded copy: pass geometry.unpadded(), got " + g);
    }

    // ---- forward ---------------------------------------------------------------------------------

    /** One output row; filters is a whole number of vectors here (others go through scratch rows), so every store is whole. */
    private static void forwardRow(ConvGeometry g, int filters, MemorySegment x, long xRow, MemorySegment w, long wo,
                                   MemorySegment b, long bo, MemorySegment y, long yRow) {
        int fp = paddedFilters(filters), step = g.strideW() * g.channels();
        int ox = 0;
        if (fp == L) {
            for (; ox + DirectConvOneVector.PIXELS <= g.outW(); ox += DirectConvOneVector.PIXELS) {
                DirectConvOneVector.forward8(g, filters, x, xRow + (long) ox * step, step, w, wo, b, bo, y, yRow + (long) ox * filters);
            }
            if (ox < g.outW() && ox > 0) {
                // The row's last pixels in a block overlapping the one before, which it rewrites with the same values
                // (LeNet's second convolution, rows of 10: cheaper than two pixels with one FMA chain each).
                ox = g.outW() - DirectConvOneVector.PIXELS;
                DirectConvOneVector.forward8(g, filters, x, xRow + (long) ox * step, step, w, wo, b, bo, y, yRow + (long) ox * filters);
                ox = g.outW();
            }
        }
        for (; ox < g.outW(); ox += PIXELS) {
            if (ox + PIXELS > g.outW()) {
                if (ox == 0) break; // a row narrower than a tile: pixel by pixel
                ox = g.outW() - PIXELS; // as above: a last tile overlapping the one before
            }
            long xp = xRow + (long) ox * step, yp = yRow + (long) ox * filters;
            for (int fb = 0; fb < fp; fb += 2 * L) {
                if (fb + L < fp) forward4x2(g, fp, filters, x, xp, step, w, wo + fb, b, bo + fb, y, yp + fb);
                else forward4x1(g, fp, filters, x, xp, step, w, wo + fb, b, bo + fb, y, yp + fb);
            }
        }
        for (; ox < g.outW(); ox++) {
            long xp = xRow + (long) ox * step, yp = yRow + (long) ox * filters;
            for (int fb = 0; fb < fp; fb += L) forward1x1(g, fp, filters, x, xp, w, wo + fb, b, bo + fb, y, yp + fb);
        }
    }

    /** Four pixels (xp, xp + step, ...) × two filter vectors. */
    private static void forward4x2(ConvGeometry g, int fp, int filters, MemorySegment x, long xp, int step,
                                   MemorySegment w, long wo, MemorySegment b, long bo, MemorySegment y, long yp) {
        FloatVector b0 = FloatVector.fromMemorySegment(S, b, bo * Float.BYTES, ORDER), b1 = FloatVector.fromMemorySegment(S, b, (bo + L) * Float.BYTES, ORDER);
        FloatVector p0 = b0, p1 = b0, p2 = b0, p3 = b0, q0 = b1, q1 = b1, q2 = b1, q3 = b1;
        long wk = wo;
        for (int t = 0, k = g.patchSize(); t < k; t++, wk += fp) {
            long xk = xp + g.tapOffset(t);
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, wk * Float.BYTES, ORDER), w1 = FloatVector.fromMemorySegment(S, w, (wk + L) * Float.BYTES, ORDER);
            FloatVector x0 = FloatVector.broadcast(S, x.getAtIndex(F, xk));
            FloatVector x1 = FloatVector.broadcast(S, x.getAtIndex(F, xk + step));
            FloatVector x2 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 2L * step));
            FloatVector x3 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 3L * step));
            p0 = x0.fma(w0, p0);
            q0 = x0.fma(w1, q0);
            p1 = x1.fma(w0, p1);
            q1 = x1.fma(w1, q1);
            p2 = x2.fma(w0, p2);
            q2 = x2.fma(w1, q2);
            p3 = x3.fma(w0, p3);
            q3 = x3.fma(w1, q3);
        }
        p0.intoMemorySegment(y, yp * Float.BYTES, ORDER);
        p1.intoMemorySegment(y, (yp + filters) * Float.BYTES, ORDER);
        p2.intoMemorySegment(y, (yp + 2L * filters) * Float.BYTES, ORDER);
        p3.intoMemorySegment(y, (yp + 3L * filters) * Float.BYTES, ORDER);
        q0.intoMemorySegment(y, (yp + L) * Float.BYTES, ORDER);
        q1.intoMemorySegment(y, (yp + filters + L) * Float.BYTES, ORDER);
        q2.intoMemorySegment(y, (yp + 2L * filters + L) * Float.BYTES, ORDER);
        q3.intoMemorySegment(y, (yp + 3L * filters + L) * Float.BYTES, ORDER);
    }

    /** Four pixels × one filter vector. */
    private static void forward4x1(ConvGeometry g, int fp, int filters, MemorySegment x, long xp, int step,
                                   MemorySegment w, long wo, MemorySegment b, long bo, MemorySegment y, long yp) {
        FloatVector b0 = FloatVector.fromMemorySegment(S, b, bo * Float.BYTES, ORDER);
        FloatVector p0 = b0, p1 = b0, p2 = b0, p3 = b0;
        long wk = wo;
        for (int t = 0, k = g.patchSize(); t < k; t++, wk += fp) {
            long xk = xp + g.tapOffset(t);
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, wk * Float.BYTES, ORDER);
            p0 = FloatVector.broadcast(S, x.getAtIndex(F, xk)).fma(w0, p0);
            p1 = FloatVector.broadcast(S, x.getAtIndex(F, xk + step)).fma(w0, p1);
            p2 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 2L * step)).fma(w0, p2);
            p3 = FloatVector.broadcast(S, x.getAtIndex(F, xk + 3L * step)).fma(w0, p3);
        }
        p0.intoMemorySegment(y, yp * Float.BYTES, ORDER);
        p1.intoMemorySegment(y, (yp + filters) * Float.BYTES, ORDER);
        p2.intoMemorySegment(y, (yp + 2L * filters) * Float.BYTES, ORDER);
        p3.intoMemorySegment(y, (yp + 3L * filters) * Float.BYTES, ORDER);
    }

    /** One pixel × one filter vector: the row's last pixels. */
    private static void forward1x1(ConvGeometry g, int fp, int filters, MemorySegment x, long xp,
                                   MemorySegment w, long wo, MemorySegment b, long bo, MemorySegment y, long yp) {
        FloatVector acc = FloatVector.fromMemorySegment(S, b, bo * Float.BYTES, ORDER);
        long wk = wo;
        for (int t = 0, k = g.patchSize(); t < k; t++, wk += fp) {
            acc = FloatVector.broadcast(S, x.getAtIndex(F, xp + g.tapOffset(t))).fma(FloatVector.fromMemorySegment(S, w, wk * Float.BYTES, ORDER), acc);
        }
        acc.intoMemorySegment(y, yp * Float.BYTES, ORDER);
    }

    private static void forwardRowScalar(ConvGeometry g, int filters, MemorySegment x, long xRow, MemorySegment w, long wo,
                                         MemorySegment b, long bo, MemorySegment y, long yRow) {
        int fp = paddedFilters(filters);
        for (int ox = 0; ox < g.outW(); ox++) {
            long xp = xRow + (long) ox * g.strideW() * g.channels();
            for (int f = 0; f < filters; f++) {
                float acc = b.getAtIndex(F, bo + f);
                for (int t = 0; t < g.patchSize(); t++) acc += x.getAtIndex(F, xp + g.tapOffset(t)) * w.getAtIndex(F, wo + (long) t * fp + f);
                y.setAtIndex(F, yRow + (long) ox * filters + f, acc);
            }
        }
    }

    // ---- weight gradient -------------------------------------------------------------------------

    /**
     * Taps t..t+3 × filter vectors fb..fb+3L over all pixels of one image: 16 FMAs for every 4
     * gradient loads and 4 broadcasts, against 8 for 6 in the 4 × 2 tile (MNIST's second
     * convolution, batch 128, one thread: 4.35 ms against 5.1). (The accumulators are
     * added back one by one, with no helper taking vectors as arguments: a call C2 did not inline
     * boxed them and made the whole kernel ten times slower.)
     */
    private static void weightGradient4x4(ConvGeometry g, int filters, int fb, int t, MemorySegment x, long image,
                                          MemorySegment dz, long grads, MemorySegment dw, long at, int fp) {
        int o0 = g.tapOffset(t), o1 = g.tapOffset(t + 1), o2 = g.tapOffset(t + 2), o3 = g.tapOffset(t + 3);
        int step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, b0 = z, b1 = z, b2 = z, b3 = z;
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, e0 = z, e1 = z, e2 = z, e3 = z;
        long d = grads + fb;
        for (int oy = 0; oy < g.outH(); oy++) {
            long px = image + (long) oy * rowStep;
            for (int ox = 0; ox < g.outW(); ox++, px += step, d += filters) {
                FloatVector d0 = FloatVector.fromMemorySegment(S, dz, d * Float.BYTES, ORDER), d1 = FloatVector.fromMemorySegment(S, dz, (d + L) * Float.BYTES, ORDER), d2 = FloatVector.fromMemorySegment(S, dz, (d + 2L * L) * Float.BYTES, ORDER), d3 = FloatVector.fromMemorySegment(S, dz, (d + 3L * L) * Float.BYTES, ORDER);
                FloatVector v = FloatVector.broadcast(S, x.getAtIndex(F, px + o0));
                a0 = v.fma(d0, a0);
                a1 = v.fma(d1, a1);
                a2 = v.fma(d2, a2);
                a3 = v.fma(d3, a3);
                v = FloatVector.broadcast(S, x.getAtIndex(F, px + o1));
                b0 = v.fma(d0, b0);
                b1 = v.fma(d1, b1);
                b2 = v.fma(d2, b2);
                b3 = v.fma(d3, b3);
                v = FloatVector.broadcast(S, x.getAtIndex(F, px + o2));
                c0 = v.fma(d0, c0);
                c1 = v.fma(d1, c1);
                c2 = v.fma(d2, c2);
                c3 = v.fma(d3, c3);
                v = FloatVector.broadcast(S, x.getAtIndex(F, px + o3));
                e0 = v.fma(d0, e0);
                e1 = v.fma(d1, e1);
                e2 = v.fma(d2, e2);
                e3 = v.fma(d3, e3);
            }
        }
        // Written back inline: a helper taking the accumulators was left out of line by C2, which boxed them.
        a0.add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
        a1.add(FloatVector.fromMemorySegment(S, dw, (at + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + L) * Float.BYTES, ORDER);
        a2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * L) * Float.BYTES, ORDER);
        a3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * L) * Float.BYTES, ORDER);
        b0.add(FloatVector.fromMemorySegment(S, dw, (at + fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp) * Float.BYTES, ORDER);
        b1.add(FloatVector.fromMemorySegment(S, dw, (at + fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp + L) * Float.BYTES, ORDER);
        b2.add(FloatVector.fromMemorySegment(S, dw, (at + fp + 2L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp + 2L * L) * Float.BYTES, ORDER);
        b3.add(FloatVector.fromMemorySegment(S, dw, (at + fp + 3L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp + 3L * L) * Float.BYTES, ORDER);
        c0.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp) * Float.BYTES, ORDER);
        c1.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp + L) * Float.BYTES, ORDER);
        c2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp + 2L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp + 2L * L) * Float.BYTES, ORDER);
        c3.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp + 3L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp + 3L * L) * Float.BYTES, ORDER);
        e0.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp) * Float.BYTES, ORDER);
        e1.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp + L) * Float.BYTES, ORDER);
        e2.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp + 2L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp + 2L * L) * Float.BYTES, ORDER);
        e3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp + 3L * L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp + 3L * L) * Float.BYTES, ORDER);
    }

    /** Taps t..t+3 × filter vectors fb and fb + L over all pixels of one image. */
    private static void weightGradient4x2(ConvGeometry g, int filters, int fb, int t, MemorySegment x, long image,
                                          MemorySegment dz, long grads, MemorySegment dw, long at, int fp) {
        int o0 = g.tapOffset(t), o1 = g.tapOffset(t + 1), o2 = g.tapOffset(t + 2), o3 = g.tapOffset(t + 3);
        int step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        long d = grads;
        for (int oy = 0; oy < g.outH(); oy++) {
            long px = image + (long) oy * rowStep;
            for (int ox = 0; ox < g.outW(); ox++, px += step, d += filters) {
                FloatVector d0 = loadFilters(dz, d + fb, fb, filters), d1 = loadFilters(dz, d + fb + L, fb + L, filters);
                FloatVector x0 = FloatVector.broadcast(S, x.getAtIndex(F, px + o0));
                FloatVector x1 = FloatVector.broadcast(S, x.getAtIndex(F, px + o1));
                FloatVector x2 = FloatVector.broadcast(S, x.getAtIndex(F, px + o2));
                FloatVector x3 = FloatVector.broadcast(S, x.getAtIndex(F, px + o3));
                a0 = x0.fma(d0, a0);
                b0 = x0.fma(d1, b0);
                a1 = x1.fma(d0, a1);
                b1 = x1.fma(d1, b1);
                a2 = x2.fma(d0, a2);
                b2 = x2.fma(d1, b2);
                a3 = x3.fma(d0, a3);
                b3 = x3.fma(d1, b3);
            }
        }
        // Written back inline: a helper taking the accumulators was left out of line by C2, which boxed them.
        a0.add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
        b0.add(FloatVector.fromMemorySegment(S, dw, (at + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + L) * Float.BYTES, ORDER);
        a1.add(FloatVector.fromMemorySegment(S, dw, (at + fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp) * Float.BYTES, ORDER);
        b1.add(FloatVector.fromMemorySegment(S, dw, (at + fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp + L) * Float.BYTES, ORDER);
        a2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp) * Float.BYTES, ORDER);
        b2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp + L) * Float.BYTES, ORDER);
        a3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp) * Float.BYTES, ORDER);
        b3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp + L) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp + L) * Float.BYTES, ORDER);
    }

    /** Taps t..t+3 × filter vector fb over all pixels of one image. */
    private static void weightGradient4x1(ConvGeometry g, int filters, int fb, int t, MemorySegment x, long image,
                                          MemorySegment dz, long grads, MemorySegment dw, long at, int fp) {
        int o0 = g.tapOffset(t), o1 = g.tapOffset(t + 1), o2 = g.tapOffset(t + 2), o3 = g.tapOffset(t + 3);
        int step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        long d = grads;
        for (int oy = 0; oy < g.outH(); oy++) {
            long px = image + (long) oy * rowStep;
            for (int ox = 0; ox < g.outW(); ox++, px += step, d += filters) {
                FloatVector d0 = loadFilters(dz, d + fb, fb, filters);
                a0 = FloatVector.broadcast(S, x.getAtIndex(F, px + o0)).fma(d0, a0);
                a1 = FloatVector.broadcast(S, x.getAtIndex(F, px + o1)).fma(d0, a1);
                a2 = FloatVector.broadcast(S, x.getAtIndex(F, px + o2)).fma(d0, a2);
                a3 = FloatVector.broadcast(S, x.getAtIndex(F, px + o3)).fma(d0, a3);
            }
        }
        // Written back inline: a helper taking the accumulators was left out of line by C2, which boxed them.
        a0.add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
        a1.add(FloatVector.fromMemorySegment(S, dw, (at + fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + fp) * Float.BYTES, ORDER);
        a2.add(FloatVector.fromMemorySegment(S, dw, (at + 2L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 2L * fp) * Float.BYTES, ORDER);
        a3.add(FloatVector.fromMemorySegment(S, dw, (at + 3L * fp) * Float.BYTES, ORDER)).intoMemorySegment(dw, (at + 3L * fp) * Float.BYTES, ORDER);
    }

    /** One tap × filter vector fb over all pixels of one image. */
    private static void weightGradient1(ConvGeometry g, int filters, int fb, int t, MemorySegment x, long image,
                                        MemorySegment dz, long grads, MemorySegment dw, long at) {
        int step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        FloatVector acc = FloatVector.zero(S);
        long d = grads;
        for (int oy = 0; oy < g.outH(); oy++) {
            long px = image + (long) oy * rowStep + g.tapOffset(t);
            for (int ox = 0; ox < g.outW(); ox++, px += step, d += filters) {
                acc = FloatVector.broadcast(S, x.getAtIndex(F, px)).fma(loadFilters(dz, d + fb, fb, filters), acc);
            }
        }
        acc.add(FloatVector.fromMemorySegment(S, dw, at * Float.BYTES, ORDER)).intoMemorySegment(dw, at * Float.BYTES, ORDER);
    }

    /**
     * Filters [fb, fb + L) of one gradient row, read as a whole vector: lanes past the filters hold
     * the next row's values (or the slack after the last row) and only reach the packed gradient's
     * padding columns, which are never unpacked. (A masked load here ran several times slower.)
     */
    private static FloatVector loadFilters(MemorySegment dz, long at, int fb, int filters) {
        return FloatVector.fromMemorySegment(S, dz, at * Float.BYTES, ORDER);
    }

    private static void weightGradientScalar(ConvGeometry g, int filters, MemorySegment x, long image, MemorySegment dz, long grads,
                                             MemorySegment dw, long dwo) {
        int fp = paddedFilters(filters), step = g.strideW() * g.channels(), rowStep = g.strideH() * g.inW() * g.channels();
        long d = grads;
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++, d += filters) {
                long px = image + (long) oy * rowStep + (long) ox * step;
                for (int t = 0; t < g.patchSize(); t++) {
                    float v = x.getAtIndex(F, px + g.tapOffset(t));
                    for (int f = 0; f < filters; f++) {
                        long at = dwo + (long) t * fp + f;
                        dw.setAtIndex(F, at, dw.getAtIndex(F, at) + v * dz.getAtIndex(F, d + f));
                    }
                }
            }
        }
    }
}
