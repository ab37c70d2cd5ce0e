package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * im2col and its adjoint col2im for NHWC images, so that a convolution is one GEMM:
 * {@code y [N·outH·outW, F] = col [N·outH·outW, K] · w [K, F]} with K = kh·kw·C and the kernel
 * stored [kh, kw, C, F] (its rows are exactly the (ky, kx, c) order of a col row).
 *
 * <p>Image n starts at {@code xo + n·H·W·C}; the col row of its output pixel (oy, ox) at
 * {@code co + ((n·outH + oy)·outW + ox)·K}. Both kernels take a range of images, so that callers
 * can split the batch over threads: different images never share memory.
 */
public final class Im2col {
    private Im2col() {}

    /** Runs shorter than this are copied element by element: a bulk copy's set-up costs more. */
    private static final int BULK_MIN = 16;

    /** Fills the col rows of images [n0, n1); window positions in the padding read as 0. */
    public static void im2col(ConvGeometry g, MemorySegment x, long xo, MemorySegment col, long co, int n0, int n1) {
        int c = g.channels(), kh = g.kernelH(), kw = g.kernelW(), inH = g.inH(), inW = g.inW();
        int k = g.patchSize(), run = kw * c;
        for (int n = n0; n < n1; n++) {
            long image = xo + (long) n * g.inputSize();
            long dst = co + (long) n * g.outPixels() * k;
            for (int oy = 0; oy < g.outH(); oy++) {
                int iy0 = oy * g.strideH() - g.padTop();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int ix0 = ox * g.strideW() - g.padLeft();
                    boolean wholeRows = g.dilationW() == 1 && ix0 >= 0 && ix0 + kw <= inW;
                    for (int ky = 0; ky < kh; ky++, dst += run) {
                        int iy = iy0 + ky * g.dilationH();
                        if (iy < 0 || iy >= inH) {
                            zero(col, dst, run);
                        } else if (wholeRows) {
                            move(x, image + ((long) iy * inW + ix0) * c, col, dst, run);
                        } else {
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ix0 + kx * g.dilationW();
                                if (ix < 0 || ix >= inW) zero(col, dst + (long) kx * c, c);
                                else move(x, image + ((long) iy * inW + ix) * c, col, dst + (long) kx * c, c);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint: adds every col row of images [n0, n1) back onto the input positions it was read
     * from ({@code dx += col2im(dcol)}); entries that fell in the padding are dropped.
     */
    public static void col2im(ConvGeometry g, MemorySegment dcol, long co, MemorySegment dx, long xo, int n0, int n1) {
        col2im(g, dcol, co, g.patchSize(), dx, xo, n0, n1);
    }

    /** {@link #col2im} over col rows {@code ldcol ≥ K} floats apart (entries past K are ignored). */
    public static void col2im(ConvGeometry g, MemorySegment dcol, long co, int ldcol, MemorySegment dx, long xo, int n0, int n1) {
        if (ldcol < g.patchSize()) throw new IllegalArgumentException("col2im: col rows of " + ldcol + " floats are shorter than the patch, " + g.patchSize());
        for (int n = n0; n < n1; n++) col2imImage(g, dcol, co + (long) n * g.outPixels() * ldcol, ldcol, dx, xo + (long) n * g.inputSize());
    }

    /** {@link #col2im} of one image: its col rows from {@code co}, {@code ldcol} floats apart, into the image at {@code image}. */
    static void col2imImage(ConvGeometry g, MemorySegment dcol, long co, int ldcol, MemorySegment dx, long image) {
        int c = g.channels(), kh = g.kernelH(), kw = g.kernelW(), inH = g.inH(), inW = g.inW();
        int run = kw * c;
        long pixelRow = co;
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy0 = oy * g.strideH() - g.padTop();
            for (int ox = 0; ox < g.outW(); ox++, pixelRow += ldcol) {
                int ix0 = ox * g.strideW() - g.padLeft();
                boolean wholeRows = g.dilationW() == 1 && ix0 >= 0 && ix0 + kw <= inW;
                long src = pixelRow;
                for (int ky = 0; ky < kh; ky++, src += run) {
                    int iy = iy0 + ky * g.dilationH();
                    if (iy < 0 || iy >= inH) continue;
                    if (wholeRows) {
                        accumulate(dcol, src, dx, image + ((long) iy * inW + ix0) * c, run);
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ix0 + kx * g.dilationW();
                        if (ix >= 0 && ix < inW) accumulate(dcol, src + (long) kx * c, dx, image + ((long) iy * inW + ix) * c, c);
                    }
                }
            }
        }
    }

    /** Whole vectors, then single floats: a masked tail costs more than a few scalar moves. */
    private static void move(MemorySegment src, long so, MemorySegment dst, long dstOff, int n) {
        if (n >= BULK_MIN) {
            MemorySegment.copy(src, so * 4, dst, dstOff * 4, (long) n * 4);
            return;
        }
        for (int i = 0; i < n; i++) dst.setAtIndex(F, dstOff + i, src.getAtIndex(F, so + i));
    }

    private static void zero(MemorySegment dst, long off, int n) {
        int i = 0;
        if (ENABLED) {
            FloatVector z = FloatVector.zero(S);
            for (; i + L <= n; i += L) store(z, dst, off + i);
        }
        for (; i < n; i++) dst.setAtIndex(F, off + i, 0f);
    }

    /**
     * dst += src over n floats. A run longer than a vector ends with two that overlap (LeNet's
     * 5 × 6-channel window rows: 30 = 16 + 16 − 2, instead of 16 + 14 scalar updates): the last is
     * computed with the overlapped lanes of src zeroed and stored first, then the one before it.
     */
    private static void accumulate(MemorySegment src, long so, MemorySegment dst, long dstOff, int n) {
        int i = 0;
        if (ENABLED) {
            for (; i + 2 * L <= n; i += L) store(load(dst, dstOff + i).add(load(src, so + i)), dst, dstOff + i);
            if (i + L < n) {
                long t = n - L;
                FloatVector head = load(dst, dstOff + i).add(load(src, so + i));
                FloatVector tailSrc = FloatVector.zero(S).blend(load(src, so + t), S.indexInRange(n - i - 2 * L, L));
                store(load(dst, dstOff + t).add(tailSrc), dst, dstOff + t);
                store(head, dst, dstOff + i);
                return;
            }
            for (; i + L <= n; i += L) store(load(dst, dstOff + i).add(load(src, so + i)), dst, dstOff + i);
        }
        for (; i < n; i++) dst.setAtIndex(F, dstOff + i, dst.getAtIndex(F, dstOff + i) + src.getAtIndex(F, so + i));
    }
}
