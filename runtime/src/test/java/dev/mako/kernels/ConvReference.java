package dev.mako.kernels;

/**
 * Naive NHWC convolution and pooling, straight from the definitions, accumulating in double:
 * y[n, oy, ox, f] = b[f] + Σ_{ky, kx, c} x[n, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · w[ky, kx, c, f]
 * (cross-correlation, positions outside the image read as 0), its two gradients, and max / average
 * pooling over the window cells inside the image. What the kernels are tested against.
 */
public final class ConvReference {
    private ConvReference() {}

    /** Input index of window tap (ky, kx) of output (oy, ox), or -1 in the padding. */
    private static int input(ConvGeometry g, int n, int oy, int ox, int ky, int kx) {
        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH(), ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
        if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) return -1;
        return ((n * g.inH() + iy) * g.inW() + ix) * g.channels();
    }

    private static int output(ConvGeometry g, int n, int oy, int ox) {
        return (n * g.outH() + oy) * g.outW() + ox;
    }

    /** Receives every (output pixel, window tap inside the image) pair of a batch. */
    @FunctionalInterface
    private interface TapVisitor {
        /** {@code pixel}: output pixel index; {@code in}: float index of the tap's input cell (channel 0); {@code tap}: ky·kw + kx. */
        void visit(int pixel, int in, int tap);
    }

    private static void forEachTap(ConvGeometry g, int batch, TapVisitor v) {
        for (int n = 0; n < batch; n++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int ky = 0; ky < g.kernelH(); ky++)
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int at = input(g, n, oy, ox, ky, kx);
                            if (at >= 0) v.visit(output(g, n, oy, ox), at, ky * g.kernelW() + kx);
                        }
    }

    /** y [n, outH, outW, filters] from x [n, H, W, C], w [kh, kw, C, filters] and b [filters] (null: none). */
    public static float[] conv(ConvGeometry g, int batch, int filters, float[] x, float[] w, float[] b) {
        int c = g.channels();
        double[] y = new double[batch * g.outPixels() * filters];
        for (int i = 0; b != null && i < y.length; i++) y[i] = b[i % filters];
        forEachTap(g, batch, (pixel, in, tap) -> {
            for (int ci = 0; ci < c; ci++)
                for (int f = 0; f < filters; f++) y[pixel * filters + f] += (double) x[in + ci] * w[(tap * c + ci) * filters + f];
        });
        return toFloats(y);
    }

    /** dx [n, H, W, C] for output gradient dy [n, outH, outW, filters]. */
    public static float[] convInputGradient(ConvGeometry g, int batch, int filters, float[] dy, float[] w) {
        int c = g.channels();
        double[] dx = new double[batch * g.inputSize()];
        forEachTap(g, batch, (pixel, in, tap) -> {
            for (int ci = 0; ci < c; ci++)
                for (int f = 0; f < filters; f++) dx[in + ci] += (double) dy[pixel * filters + f] * w[(tap * c + ci) * filters + f];
        });
        return toFloats(dx);
    }

    /** dw [kh, kw, C, filters] for input x and output gradient dy. */
    public static float[] convWeightGradient(ConvGeometry g, int batch, int filters, float[] x, float[] dy) {
        int c = g.channels();
        double[] dw = new double[g.patchSize() * filters];
        forEachTap(g, batch, (pixel, in, tap) -> {
            for (int ci = 0; ci < c; ci++)
                for (int f = 0; f < filters; f++) dw[(tap * c + ci) * filters + f] += (double) x[in + ci] * dy[pixel * filters + f];
        });
        return toFloats(dw);
    }

    public static float[] maxPool(ConvGeometry g, int batch, float[] x) {
        return pool(g, batch, x, true);
    }

    public static float[] avgPool(ConvGeometry g, int batch, float[] x) {
        return pool(g, batch, x, false);
    }

    private static float[] pool(ConvGeometry g, int batch, float[] x, boolean max) {
        int c = g.channels();
        float[] y = new float[batch * g.outPixels() * c];
        for (int n = 0; n < batch; n++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int ci = 0; ci < c; ci++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int cells = 0;
                        for (int ky = 0; ky < g.kernelH(); ky++)
                            for (int kx = 0; kx < g.kernelW(); kx++) {
                                int at = input(g, n, oy, ox, ky, kx);
                                if (at < 0) continue;
                                acc = max ? Math.max(acc, x[at + ci]) : acc + x[at + ci];
                                cells++;
                            }
                        y[output(g, n, oy, ox) * c + ci] = (float) (max ? acc : acc / cells);
                    }
        return y;
    }

    /** The gradient of max pooling: each output's dy to the first window cell (row by row) holding the maximum. */
    public static float[] maxPoolGradient(ConvGeometry g, int batch, float[] x, float[] dy) {
        int c = g.channels();
        double[] dx = new double[batch * g.inputSize()];
        for (int n = 0; n < batch; n++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++)
                    for (int ci = 0; ci < c; ci++) {
                        int best = -1;
                        for (int ky = 0; ky < g.kernelH(); ky++)
                            for (int kx = 0; kx < g.kernelW(); kx++) {
                                int at = input(g, n, oy, ox, ky, kx);
                                if (at >= 0 && (best < 0 || x[at + ci] > x[best])) best = at + ci;
                            }
                        dx[best] += dy[output(g, n, oy, ox) * c + ci];
                    }
        return toFloats(dx);
    }

    public static float[] avgPoolGradient(ConvGeometry g, int batch, float[] dy) {
        int c = g.channels();
        double[] dx = new double[batch * g.inputSize()];
        for (int n = 0; n < batch; n++)
            for (int oy = 0; oy < g.outH(); oy++)
                for (int ox = 0; ox < g.outW(); ox++) {
                    int cells = 0;
                    for (int ky = 0; ky < g.kernelH(); ky++)
                        for (int kx = 0; kx < g.kernelW(); kx++) if (input(g, n, oy, ox, ky, kx) >= 0) cells++;
                    for (int ky = 0; ky < g.kernelH(); ky++)
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int at = input(g, n, oy, ox, ky, kx);
                            if (at < 0) continue;
                            for (int ci = 0; ci < c; ci++) dx[at + ci] += (double) dy[output(g, n, oy, ox) * c + ci] / cells;
                        }
                }
        return toFloats(dx);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
