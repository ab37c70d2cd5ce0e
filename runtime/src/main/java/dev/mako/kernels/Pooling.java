package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Max and average pooling over NHWC images, for images [n0, n1) so that callers can split the
 * batch over threads. NHWC makes each output pixel an elementwise max or mean of the C-vectors of
 * its window, so the kernels vectorise across channels. Window cells in the padding are ignored:
 * a max is over the cells inside the image, a mean divides by their number (as TensorFlow's
 * pooling does); with the geometries {@link ConvGeometry} makes, every window has such a cell.
 *
 * <p>Max pooling's backward recomputes which cell won instead of saving indices: the first cell in
 * window order (row by row) whose value equals the forward output gets the gradient, so ties
 * resolve to the first maximum, as the forward scan found it.
 */
public final class Pooling {
    private Pooling() {}

    /** y[n, oy, ox, c] = max over the window of x. */
    public static void maxForward(ConvGeometry g, MemorySegment x, long xo, MemorySegment y, long yo, int n0, int n1) {
        int c = g.channels();
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    long out = yo + pixel(g, n, oy, ox) * c;
                    if (ENABLED) maxVector(g, x, xo, n, oy, ox, y, out);
                    else maxScalar(g, x, xo, n, oy, ox, y, out);
                }
            }
        }
    }

    /** dx[winning cell] += dy for each output element, the winner found again from x and y. */
    public static void maxBackward(ConvGeometry g, MemorySegment x, long xo, MemorySegment y, long yo, MemorySegment dy, long dyo,
                                   MemorySegment dx, long dxo, int n0, int n1) {
        int c = g.channels();
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    long out = pixel(g, n, oy, ox) * c;
                    if (ENABLED) maxBackwardVector(g, x, xo, n, oy, ox, y, yo + out, dy, dyo + out, dx, dxo);
                    else maxBackwardScalar(g, x, xo, n, oy, ox, y, yo + out, dy, dyo + out, dx, dxo);
                }
            }
        }
    }

    /** y[n, oy, ox, c] = mean of x over the window cells inside the image. */
    public static void avgForward(ConvGeometry g, MemorySegment x, long xo, MemorySegment y, long yo, int n0, int n1) {
        int c = g.channels();
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    long out = yo + pixel(g, n, oy, ox) * c;
                    Elementwise.fill(y, out, c, 0f);
                    int cells = 0;
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        if (iy < 0 || iy >= g.inH()) continue;
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                            if (ix < 0 || ix >= g.inW()) continue;
                            Elementwise.add(y, out, x, xo + cell(g, n, iy, ix), y, out, c);
                            cells++;
                        }
                    }
                    Elementwise.mulScalar(y, out, 1f / cells, y, out, c);
                }
            }
        }
    }

    /** dx[cell] += dy / (cells in the window) for every window cell inside the image. */
    public static void avgBackward(ConvGeometry g, MemorySegment dy, long dyo, MemorySegment dx, long dxo, int n0, int n1) {
        int c = g.channels();
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int y0 = Math.max(0, ceilDiv(g.padTop() - oy * g.strideH(), g.dilationH()));
                int y1 = Math.min(g.kernelH(), ceilDiv(g.inH() + g.padTop() - oy * g.strideH(), g.dilationH()));
                for (int ox = 0; ox < g.outW(); ox++) {
                    int x0 = Math.max(0, ceilDiv(g.padLeft() - ox * g.strideW(), g.dilationW()));
                    int x1 = Math.min(g.kernelW(), ceilDiv(g.inW() + g.padLeft() - ox * g.strideW(), g.dilationW()));
                    float share = 1f / ((y1 - y0) * (x1 - x0));
                    long grad = dyo + pixel(g, n, oy, ox) * c;
                    for (int ky = y0; ky < y1; ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        for (int kx = x0; kx < x1; kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                            Elementwise.axpy(share, dy, grad, dx, dxo + cell(g, n, iy, ix), c);
                        }
                    }
                }
            }
        }
    }

    /** ⌈a / b⌉ for b > 0 and any sign of a. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static long pixel(ConvGeometry g, int n, int oy, int ox) {
        return ((long) n * g.outH() + oy) * g.outW() + ox;
    }

    /** Float offset of input cell (iy, ix) of image n, from the start of the batch. */
    private static long cell(ConvGeometry g, int n, int iy, int ix) {
        return (((long) n * g.inH() + iy) * g.inW() + ix) * g.channels();
    }

    private static void maxVector(ConvGeometry g, MemorySegment x, long xo, int n, int oy, int ox, MemorySegment y, long out) {
        int c = g.channels();
        for (int cb = 0; cb < c; cb += L) {
            VectorMask<Float> lanes = S.indexInRange(cb, c);
            boolean full = cb + L <= c;
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int ky = 0; ky < g.kernelH(); ky++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                if (iy < 0 || iy >= g.inH()) continue;
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    if (ix < 0 || ix >= g.inW()) continue;
                    long at = xo + cell(g, n, iy, ix) + cb;
                    m = m.max(full ? load(x, at) : load(x, at, lanes));
                }
            }
            if (full) store(m, y, out + cb);
            else store(m, y, out + cb, lanes);
        }
    }

    private static void maxScalar(ConvGeometry g, MemorySegment x, long xo, int n, int oy, int ox, MemorySegment y, long out) {
        for (int ch = 0; ch < g.channels(); ch++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < g.kernelH(); ky++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                if (iy < 0 || iy >= g.inH()) continue;
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    if (ix >= 0 && ix < g.inW()) m = Math.max(m, x.getAtIndex(F, xo + cell(g, n, iy, ix) + ch));
                }
            }
            y.setAtIndex(F, out + ch, m);
        }
    }

    private static void maxBackwardVector(ConvGeometry g, MemorySegment x, long xo, int n, int oy, int ox, MemorySegment y, long yAt,
                                          MemorySegment dy, long dyAt, MemorySegment dx, long dxo) {
        int c = g.channels();
        for (int cb = 0; cb < c; cb += L) {
            VectorMask<Float> lanes = S.indexInRange(cb, c);
            boolean full = cb + L <= c;
            FloatVector best = full ? load(y, yAt + cb) : load(y, yAt + cb, lanes);
            FloatVector grad = full ? load(dy, dyAt + cb) : load(dy, dyAt + cb, lanes);
            VectorMask<Float> open = lanes;
            for (int ky = 0; ky < g.kernelH() && open.anyTrue(); ky++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                if (iy < 0 || iy >= g.inH()) continue;
                for (int kx = 0; kx < g.kernelW() && open.anyTrue(); kx++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    if (ix < 0 || ix >= g.inW()) continue;
                    long at = cell(g, n, iy, ix) + cb;
                    VectorMask<Float> won = (full ? load(x, xo + at) : load(x, xo + at, lanes)).eq(best).and(open);
                    if (!won.anyTrue()) continue;
                    store(load(dx, dxo + at, won).add(grad), dx, dxo + at, won);
                    open = open.andNot(won);
                }
            }
        }
    }

    private static void maxBackwardScalar(ConvGeometry g, MemorySegment x, long xo, int n, int oy, int ox, MemorySegment y, long yAt,
                                          MemorySegment dy, long dyAt, MemorySegment dx, long dxo) {
        for (int ch = 0; ch < g.channels(); ch++) {
            float best = y.getAtIndex(F, yAt + ch);
            long winner = -1;
            for (int ky = 0; ky < g.kernelH() && winner < 0; ky++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                if (iy < 0 || iy >= g.inH()) continue;
                for (int kx = 0; kx < g.kernelW() && winner < 0; kx++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    if (ix < 0 || ix >= g.inW()) continue;
                    long at = cell(g, n, iy, ix) + ch;
                    if (x.getAtIndex(F, xo + at) == best) winner = at;
                }
            }
            if (winner >= 0) dx.setAtIndex(F, dxo + winner, dx.getAtIndex(F, dxo + winner) + dy.getAtIndex(F, dyAt + ch));
        }
    }
}
