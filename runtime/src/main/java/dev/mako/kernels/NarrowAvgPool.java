package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * 2 × 2 average pooling with stride 2, unpadded, for fewer channels than a vector (LeNet's first
 * pooling: 6 channels), where {@link Pooling}'s vectors over channels leave every channel to a
 * scalar loop. Whole image rows are handled as flat runs of floats instead: forward adds the two
 * input rows, then each float to the one C later (its right neighbour's channel), and keeps every
 * other pixel's C floats; backward spreads each output pixel's C floats over two adjacent pixels
 * of a row scratch and copies that row into both input rows. One store per pixel writes a whole
 * vector, whose excess the next pixel's store overwrites, so no masked access is needed.
 */
final class NarrowAvgPool {
    private NarrowAvgPool() {}

    static boolean applies(ConvGeometry g) {
        return ENABLED && g.channels() < L && !g.isPadded() && g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** y = the 2 × 2 means of images [n0, n1). */
    static void forward(ConvGeometry g, MemorySegment x, long xo, MemorySegment y, long yo, int n0, int n1) {
        int c = g.channels(), run = 2 * g.outW() * c, outRun = g.outW() * c;
        long inRow = (long) g.inW() * c;
        long sums = 0, out = run + L; // the row scratch: [0, run + L) sums, then the output row and a vector of slack
        MemorySegment row = ThreadScratch.floats(ThreadScratch.Slot.POOL_ROW, out + outRun + L);
        for (int n = n0; n < n1; n++) {
            long image = xo + (long) n * g.inputSize();
            for (int oy = 0; oy < g.outH(); oy++) {
                long top = image + 2L * oy * inRow;
                Elementwise.add(x, top, x, top + inRow, row, sums, run);
                // Pixel p's sum starts at 2p·C; its right neighbour's channels C floats later.
                for (int p = 0; p < g.outW(); p++) {
                    long at = sums + 2L * p * c;
                    FloatVector.fromMemorySegment(S, row, at * Float.BYTES, ORDER)
                            .add(FloatVector.fromMemorySegment(S, row, (at + c) * Float.BYTES, ORDER)).mul(0.25f)
                            .intoMemorySegment(row, (out + (long) p * c) * Float.BYTES, ORDER);
                }
                MemorySegment.copy(row, out * Float.BYTES, y, (yo + ((long) n * g.outH() + oy) * outRun) * Float.BYTES, (long) outRun * Float.BYTES);
            }
        }
    }

    /** dx (+)= dy / 4 on every covered cell of images [n0, n1); with {@code overwrite}, uncovered cells are zeroed by the caller. */
    static void backward(ConvGeometry g, MemorySegment dy, long dyo, MemorySegment dx, long dxo, int n0, int n1, boolean overwrite) {
        int c = g.channels(), run = 2 * g.outW() * c, outRun = g.outW() * c;
        long inRow = (long) g.inW() * c;
        MemorySegment row = ThreadScratch.floats(ThreadScratch.Slot.POOL_ROW, run + L);
        for (int n = n0; n < n1; n++) {
            long image = dxo + (long) n * g.inputSize(), grads = dyo + (long) n * g.outPixels() * c, end = grads + (long) g.outPixels() * c;
            for (int oy = 0; oy < g.outH(); oy++) {
                long src = grads + (long) oy * outRun;
                for (int p = 0; p < g.outW(); p++, src += c) {
                    long at = 2L * p * c;
                    if (src + L <= end) {
                        FloatVector v = FloatVector.fromMemorySegment(S, dy, src * Float.BYTES, ORDER).mul(0.25f);
                        v.intoMemorySegment(row, at * Float.BYTES, ORDER);
                        v.intoMemorySegment(row, (at + c) * Float.BYTES, ORDER);
                    } else { // the image's last pixels: a whole vector would read past its gradients
                        for (int ch = 0; ch < c; ch++) {
                            float v = 0.25f * dy.getAtIndex(F, src + ch);
                            row.setAtIndex(F, at + ch, v);
                            row.setAtIndex(F, at + c + ch, v);
                        }
                    }
                }
                long top = image + 2L * oy * inRow;
                for (long r = top; r <= top + inRow; r += inRow) {
                    if (overwrite) MemorySegment.copy(row, 0, dx, r * Float.BYTES, (long) run * Float.BYTES);
                    else Elementwise.add(dx, r, row, 0, dx, r, run);
                }
            }
        }
    }
}
