package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.DirectConv;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Gemm;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * Fused 2-D convolution, one node: y = f(x ⋆ w + b) over NHWC images, x [batch, H, W, C], kernel
 * w [kh, kw, C, filters] (Keras' layout), b [filters] or null, f an elementwise activation; the
 * geometry (strides, dilation, padding) is the layer's, fixed when it was built.
 *
 * <p>Two algorithms, same results up to float rounding:
 * <ul>
 *   <li>im2col + GEMM: {@code y [N·oh·ow, F] = col [N·oh·ow, K] · w [K, F]} with K = kh·kw·C, which is
 *       NHWC directly; a 1×1 stride-1 convolution needs no im2col at all (x is its own col).
 *       Backward: dW += colᵀ · dz, and dx += col2im(dz · wᵀ).</li>
 *   <li>direct ({@link DirectConv}): for few input channels, where the GEMM's K is too short to pay
 *       for its packing (MNIST's first layer, K = 9); it reads a padded copy of x, and computes dW
 *       itself. The input gradient, when needed, goes through the GEMM and col2im as above.</li>
 * </ul>
 * {@link Algorithm#AUTO} picks by {@link #prefersDirect}. Backward first forms dz = dy ⊙ f'(y) and
 * the bias gradient (one pass, split over the pool); the input gradient is skipped when x needs
 * none (a model's first layer), which saves the largest product of the backward pass.
 *
 * <p>Node fields: a = x, b = kernel, c = bias, saved0 = col (GEMM) or the padded input (direct),
 * saved1 = the contiguous kernel, obj = geometry, i0 = 1 for direct, i1 = activation ordinal,
 * f0 = activation slope.
 */
public final class Conv2DOp implements Op {
    static final Conv2DOp INSTANCE = new Conv2DOp();
    private static final Activation[] ACTIVATIONS = Activation.values();

    /** How the convolution is computed. */
    public enum Algorithm { AUTO, IM2COL_GEMM, DIRECT }

    /**
     * Patch sizes (kh·kw·C) up to this go to the direct kernel. Measured on the MNIST recipes
     * (AVX-512, 2 threads): K = 9 (3×3×1) and 25 (5×5×1) ran several times faster direct;
     * K = 150 (5×5×6, 16 filters) was about even; K = 288 (3×3×32, 64 filters) was faster as GEMM.
     */
    static final int DIRECT_MAX_PATCH = 64;

    private Conv2DOp() {}

    /** Whether {@link Algorithm#AUTO} computes this convolution with the direct kernel. */
    public static boolean prefersDirect(ConvGeometry g, int filters) {
        return g.patchSize() <= DIRECT_MAX_PATCH;
    }

    public static Tensor apply(Tape tape, Tensor x, Tensor kernel, Tensor bias, ConvGeometry g, Activation f, float alpha) {
        return apply(tape, x, kernel, bias, g, f, alpha, Algorithm.AUTO);
    }

    public static Tensor apply(Tape tape, Tensor x, Tensor kernel, Tensor bias, ConvGeometry g, Activation f, float alpha, Algorithm algorithm) {
        checkShapes(x, kernel, bias, g);
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x), wc = OpSupport.contiguous(ws, kernel), bc = bias == null ? null : OpSupport.contiguous(ws, bias);
        int batch = x.dim(0), filters = kernel.dim(3);
        boolean direct = algorithm == Algorithm.DIRECT || (algorithm == Algorithm.AUTO && prefersDirect(g, filters));
        Tensor y = ws.allocate(batch, g.outH(), g.outW(), filters);
        Tensor saved = direct ? forwardDirect(ws, xc, wc, bc, g, f, alpha, y) : forwardGemm(ws, xc, wc, bc, g, f, alpha, y);
        if (tape.needsGrad(x, kernel, bias)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.b = kernel;
            n.c = bias;
            n.saved0 = saved;
            n.saved1 = wc;
            n.obj = g;
            n.i0 = direct ? 1 : 0;
            n.i1 = f.ordinal();
            n.f0 = alpha;
        }
        return y;
    }

    /** Returns col, which backward needs for the kernel gradient. */
    private static Tensor forwardGemm(Workspace ws, Tensor x, Tensor w, Tensor b, ConvGeometry g, Activation f, float alpha, Tensor y) {
        int batch = x.dim(0), rows = batch * g.outPixels(), k = g.patchSize(), filters = w.dim(3);
        Tensor col = x;
        if (!g.isPointwise()) {
            col = ws.allocate(rows, k);
            ConvTask.im2col(g, batch, x.segment(), x.offset(), col.segment(), col.offset());
        }
        Gemm.sgemm(false, false, rows, filters, k, 1f, col.segment(), col.offset(), k, w.segment(), w.offset(), filters,
                0f, y.segment(), y.offset(), filters);
        if (b != null || f != Activation.IDENTITY) {
            ConvTask.biasActivation(rows, filters, y.segment(), y.offset(), b == null ? null : b.segment(), b == null ? 0 : b.offset(), f, alpha);
        }
        return col;
    }

    /** Returns the (padded) input the direct kernel read, which backward reads again. */
    private static Tensor forwardDirect(Workspace ws, Tensor x, Tensor w, Tensor b, ConvGeometry g, Activation f, float alpha, Tensor y) {
        int batch = x.dim(0), k = g.patchSize(), filters = w.dim(3), fp = DirectConv.paddedFilters(filters);
        ConvGeometry u = g.unpadded();
        Tensor xp = x;
        if (g.isPadded()) {
            xp = ws.allocate(batch, u.inH(), u.inW(), u.channels());
            ConvTask.pad(g, batch, x.segment(), x.offset(), xp.segment(), xp.offset());
        }
        Tensor wp = ws.allocate(k, fp), bp = ws.allocate(fp);
        DirectConv.pack(w.segment(), w.offset(), k, filters, wp.segment(), wp.offset());
        DirectConv.pack(b == null ? null : b.segment(), b == null ? 0 : b.offset(), 1, filters, bp.segment(), bp.offset());
        ConvTask.directForward(u, batch, filters, xp.segment(), xp.offset(), wp.segment(), wp.offset(), bp.segment(), bp.offset(),
                f, alpha, y.segment(), y.offset());
        return xp;
    }

    private static void checkShapes(Tensor x, Tensor kernel, Tensor bias, ConvGeometry g) {
        boolean ok = x.rank() == 4 && x.dim(0) > 0 && x.dim(1) == g.inH() && x.dim(2) == g.inW() && x.dim(3) == g.channels()
                && kernel.rank() == 4 && kernel.dim(0) == g.kernelH() && kernel.dim(1) == g.kernelW() && kernel.dim(2) == g.channels()
                && kernel.dim(3) > 0 && (bias == null || (bias.rank() == 1 && bias.dim(0) == kernel.dim(3)));
        if (!ok) {
            throw new IllegalArgumentException("conv2d: input " + x.shapeString() + ", kernel " + kernel.shapeString()
                    + (bias == null ? "" : ", bias " + bias.shapeString()) + " do not fit input [batch, " + g.inH() + ", " + g.inW() + ", "
                    + g.channels() + "], kernel [" + g.kernelH() + ", " + g.kernelW() + ", " + g.channels() + ", filters] + bias [filters]");
        }
    }

    @Override
    public void backward(Node n, Tape tape) {
        Workspace ws = tape.workspace();
        Tensor x = n.a, kernel = n.b, bias = n.c, w = n.saved1, y = n.out, dy = y.grad;
        ConvGeometry g = (ConvGeometry) n.obj;
        Activation f = ACTIVATIONS[n.i1];
        int batch = x.dim(0), rows = batch * g.outPixels(), k = g.patchSize(), filters = w.dim(3);
        Tensor dz = f == Activation.IDENTITY ? dy : ws.allocate(rows, filters);
        boolean biasGrad = bias != null && bias.requiresGrad;
        if (f != Activation.IDENTITY || biasGrad) {
            Tensor partials = biasGrad ? ws.allocate(ConvTask.parts(rows), filters) : null;
            int parts = ConvTask.activationBackward(rows, filters, f, n.f0, y.segment(), y.offset(), dy.segment(), dy.offset(),
                    dz.segment(), dz.offset(), partials == null ? null : partials.segment(), partials == null ? 0 : partials.offset());
            if (biasGrad) {
                Tensor db = tape.grad(bias);
                for (int p = 0; p < parts; p++) {
                    Elementwise.add(db.segment(), db.offset(), partials.segment(), partials.offset() + (long) p * filters, db.segment(), db.offset(), filters);
                }
            }
        }
        if (kernel.requiresGrad) {
            Tensor dw = tape.grad(kernel);
            if (n.i0 == 1) directKernelGradient(ws, g, batch, filters, n.saved0, dz, dw);
            else Gemm.sgemm(true, false, k, filters, rows, 1f, n.saved0.segment(), n.saved0.offset(), k, dz.segment(), dz.offset(), filters,
                    1f, dw.segment(), dw.offset(), filters);
        }
        if (x.requiresGrad) {
            Tensor dx = tape.grad(x);
            if (g.isPointwise()) {
                Gemm.sgemm(false, true, rows, k, filters, 1f, dz.segment(), dz.offset(), filters, w.segment(), w.offset(), filters,
                        1f, dx.segment(), dx.offset(), k);
            } else {
                Tensor dcol = ws.allocate(rows, k);
                Gemm.sgemm(false, true, rows, k, filters, 1f, dz.segment(), dz.offset(), filters, w.segment(), w.offset(), filters,
                        0f, dcol.segment(), dcol.offset(), k);
                ConvTask.col2im(g, batch, dcol.segment(), dcol.offset(), dx.segment(), dx.offset());
            }
        }
    }

    private static void directKernelGradient(Workspace ws, ConvGeometry g, int batch, int filters, Tensor xp, Tensor dz, Tensor dw) {
        int k = g.patchSize(), fp = DirectConv.paddedFilters(filters);
        Tensor partials = ws.allocate(ConvTask.parts(batch), k * fp);
        MemorySegment ps = partials.segment();
        int parts = ConvTask.directWeightGradient(g.unpadded(), batch, filters, xp.segment(), xp.offset(), dz.segment(), dz.offset(), ps, partials.offset());
        for (int p = 0; p < parts; p++) {
            DirectConv.unpackAdd(ps, partials.offset() + (long) p * k * fp, k, filters, dw.segment(), dw.offset());
        }
    }

    @Override
    public String name() {
        return "conv2d";
    }
}
