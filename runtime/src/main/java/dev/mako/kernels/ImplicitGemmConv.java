package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * A convolution's GEMMs without its im2col matrix. Forward: {@code y [pixels, F] = col · w}, each
 * row of col read straight from the NHWC input, where it is kh runs of kw·C contiguous floats (one
 * per window row; contiguous because the window's columns are adjacent, dilation 1 across). The
 * register tile is {@link GemmStreamA}'s, 4 output pixels × 64 filters, w [K, F] read in place.
 * Writing col (4.5 M floats at MNIST's second convolution, batch 128) and reading it back cost
 * more than the products' loads from the input, which stays in cache (an image is 21 KB there).
 * Input gradient ({@link #inputGradient}): dz · wᵀ tile by tile, each tile added into dx where
 * col2im would have put it, so that neither dz · wᵀ nor its col2im pass over memory exists.
 */
public final class ImplicitGemmConv {
    private ImplicitGemmConv() {}

    private static final int ROWS = 4;

    /** Whether {@link #forward} takes this convolution: unpadded, no dilation across, filters in whole tiles. */
    public static boolean applies(ConvGeometry g, int filters) {
        return Simd.enabled() && !g.isPadded() && g.dilationW() == 1 && filters % GemmStreamA.WIDTH == 0;
    }

    /** y [pixels of images n0..n1, F] = window · w, w [K, F] row-major; no bias, no activation. */
    public static void forward(ConvGeometry g, int filters, MemorySegment x, long xo, MemorySegment w, long wo,
                               MemorySegment y, long yo, int n0, int n1) {
        if (!applies(g, filters)) throw new IllegalArgumentException("implicit GEMM needs an unpadded geometry, dilation 1 across and filters in 64s: " + g + ", " + filters + " filters");
        int run = g.kernelW() * g.channels(), runs = g.kernelH();
        long runStep = (long) g.dilationH() * g.inW() * g.channels();
        float[] tile = GemmScratch.forThread(0, 0).tile;
        long first = (long) n0 * g.outPixels(), end = (long) n1 * g.outPixels();
        for (long q = first; q < end; q += ROWS) {
            int rows = (int) Math.min(ROWS, end - q);
            long a0 = window(g, xo, q), a1 = window(g, xo, Math.min(q + 1, end - 1));
            long a2 = window(g, xo, Math.min(q + 2, end - 1)), a3 = window(g, xo, Math.min(q + 3, end - 1));
            for (int j = 0; j < filters; j += GemmStreamA.WIDTH) {
                strip(runs, run, runStep, x, a0, a1, a2, a3, w, wo + j, filters, tile);
                GemmWriteBack.tile(tile, GemmStreamA.WIDTH, y, yo + q * filters + j, filters, 1f, 0f, rows, GemmStreamA.WIDTH);
            }
        }
    }

    /** Columns of {@link #packTransposed}'s kernel: K rounded up to whole tiles. */
    public static int paddedPatch(ConvGeometry g) {
        return (g.patchSize() + GemmStreamA.WIDTH - 1) / GemmStreamA.WIDTH * GemmStreamA.WIDTH;
    }

    /** wt [F, paddedPatch] = wᵀ for w [K, F], zeros after column K: the B of {@link #inputGradient}. */
    public static void packTransposed(ConvGeometry g, int filters, MemorySegment w, long wo, MemorySegment wt, long wto) {
        int k = g.patchSize(), kp = paddedPatch(g);
        for (int f = 0; f < filters; f++) {
            long row = wto + (long) f * kp;
            for (int t = 0; t < k; t++) wt.setAtIndex(JavaGemm.F, row + t, w.getAtIndex(JavaGemm.F, wo + (long) t * filters + f));
            for (int t = k; t < kp; t++) wt.setAtIndex(JavaGemm.F, row + t, 0f);
        }
    }

    /** Whether {@link #inputGradient} takes this convolution: unpadded, no dilation across. */
    public static boolean appliesToInputGradient(ConvGeometry g) {
        return Simd.enabled() && !g.isPadded() && g.dilationW() == 1;
    }

    /**
     * dx += col2im(dz · wᵀ) for images [n0, n1) without forming dz · wᵀ: each finished tile (4
     * output pixels × 64 patch entries) is added straight into the input cells those entries came
     * from. dz [pixels, F]; wt from {@link #packTransposed}. Images never share cells, so ranges of
     * images may run on different threads.
     */
    public static void inputGradient(ConvGeometry g, int filters, MemorySegment dz, long dzo, MemorySegment wt, long wto,
                                     MemorySegment dx, long dxo, int n0, int n1) {
        if (!appliesToInputGradient(g)) throw new IllegalArgumentException("implicit col2im needs an unpadded geometry and dilation 1 across: " + g);
        int k = g.patchSize(), kp = paddedPatch(g);
        boolean wholeVectors = (g.kernelW() * g.channels()) % L == 0; // then no vector of patch entries crosses a window row
        float[] tile = GemmScratch.forThread(0, 0).tile;
        long first = (long) n0 * g.outPixels(), end = (long) n1 * g.outPixels();
        for (long q = first; q < end; q += ROWS) {
            int rows = (int) Math.min(ROWS, end - q);
            for (int j = 0; j < kp; j += GemmStreamA.WIDTH) {
                if (rows == ROWS) {
                    GemmStreamA.strip(filters, dz, dzo + q * filters, filters, 1, wt, wto + j, kp, tile);
                    for (int r = 0; r < ROWS; r++) scatter(g, tile, r, j, k, wholeVectors, dx, window(g, dxo, q + r));
                } else {
                    for (int r = 0; r < rows; r++) { // the last pixels one at a time (row stride 0: four copies of one row)
                        GemmStreamA.strip(filters, dz, dzo + (q + r) * filters, 0, 1, wt, wto + j, kp, tile);
                        scatter(g, tile, 0, j, k, wholeVectors, dx, window(g, dxo, q + r));
                    }
                }
            }
        }
    }

    /** Adds tile row r (patch entries j..j+63, those below k) into the window cells at float offset {@code window} of dx. */
    private static void scatter(ConvGeometry g, float[] tile, int r, int j, int k, boolean wholeVectors, MemorySegment dx, long window) {
        int width = GemmStreamA.WIDTH, last = Math.min(width, k - j);
        int c = 0;
        if (wholeVectors) {
            for (; c + L <= last; c += L) {
                long at = (window + g.tapOffset(j + c)) * Float.BYTES;
                FloatVector.fromArray(S, tile, r * width + c).add(FloatVector.fromMemorySegment(S, dx, at, ORDER)).intoMemorySegment(dx, at, ORDER);
            }
        }
        for (; c < last; c++) {
            long at = window + g.tapOffset(j + c);
            dx.setAtIndex(JavaGemm.F, at, dx.getAtIndex(JavaGemm.F, at) + tile[r * width + c]);
        }
    }

    /** Float offset of the first input cell of output pixel q's window (q counts pixels from image 0). */
    private static long window(ConvGeometry g, long xo, long q) {
        int n = (int) (q / g.outPixels()), rem = (int) (q % g.outPixels()), oy = rem / g.outW(), ox = rem % g.outW();
        return xo + (long) n * g.inputSize() + ((long) oy * g.strideH() * g.inW() + (long) ox * g.strideW()) * g.channels();
    }

    /**
     * Four windows (at float offsets a0..a3 of x) times w's 64 columns from {@code bo} into tile:
     * {@code runs} runs of {@code run} floats per window, {@code runStep} apart; w's rows in the
     * same order. Accumulators straight to the array (a helper taking them would box them).
     */
    private static void strip(int runs, int run, long runStep, MemorySegment x, long a0, long a1, long a2, long a3,
                              MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector p0 = z, p1 = z, p2 = z, p3 = z, q0 = z, q1 = z, q2 = z, q3 = z;
        FloatVector r0 = z, r1 = z, r2 = z, r3 = z, s0 = z, s1 = z, s2 = z, s3 = z;
        long bp = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES, vb = (long) L * Float.BYTES;
        for (int r = 0; r < runs; r++) {
            long off = r * runStep;
            long x0 = (a0 + off) * Float.BYTES, x1 = (a1 + off) * Float.BYTES, x2 = (a2 + off) * Float.BYTES, x3 = (a3 + off) * Float.BYTES;
            for (int p = 0; p < run; p++, bp += bStep) {
                FloatVector b0 = FloatVector.fromMemorySegment(S, b, bp, ORDER), b1 = FloatVector.fromMemorySegment(S, b, bp + vb, ORDER);
                FloatVector b2 = FloatVector.fromMemorySegment(S, b, bp + 2 * vb, ORDER), b3 = FloatVector.fromMemorySegment(S, b, bp + 3 * vb, ORDER);
                long ap = (long) p * Float.BYTES;
                FloatVector v = FloatVector.broadcast(S, x.get(JavaGemm.F, x0 + ap));
                p0 = v.fma(b0, p0);
                p1 = v.fma(b1, p1);
                p2 = v.fma(b2, p2);
                p3 = v.fma(b3, p3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x1 + ap));
                q0 = v.fma(b0, q0);
                q1 = v.fma(b1, q1);
                q2 = v.fma(b2, q2);
                q3 = v.fma(b3, q3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x2 + ap));
                r0 = v.fma(b0, r0);
                r1 = v.fma(b1, r1);
                r2 = v.fma(b2, r2);
                r3 = v.fma(b3, r3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x3 + ap));
                s0 = v.fma(b0, s0);
                s1 = v.fma(b1, s1);
                s2 = v.fma(b2, s2);
                s3 = v.fma(b3, s3);
            }
        }
        int w = GemmStreamA.WIDTH;
        p0.intoArray(tile, 0);
        p1.intoArray(tile, L);
        p2.intoArray(tile, 2 * L);
        p3.intoArray(tile, 3 * L);
        q0.intoArray(tile, w);
        q1.intoArray(tile, w + L);
        q2.intoArray(tile, w + 2 * L);
        q3.intoArray(tile, w + 3 * L);
        r0.intoArray(tile, 2 * w);
        r1.intoArray(tile, 2 * w + L);
        r2.intoArray(tile, 2 * w + 2 * L);
        r3.intoArray(tile, 2 * w + 3 * L);
        s0.intoArray(tile, 3 * w);
        s1.intoArray(tile, 3 * w + L);
        s2.intoArray(tile, 3 * w + 2 * L);
        s3.intoArray(tile, 3 * w + 3 * L);
    }
}
