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
 * register tile is {@link GemmStreamA#strip}'s, 4 output pixels × 64 filters, w [K, F] read in place.
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
                GemmStreamA.strip(runs, run, runStep, 1, x, a0, a1, a2, a3, w, wo + j, filters, tile);
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
}
