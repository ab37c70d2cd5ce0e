package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.ConvInputGradient;
import dev.mako.kernels.DirectConv;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.ImplicitGemmConv;
import dev.mako.kernels.Simd;
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
 *       Backward: dW += colᵀ · dz, and dx += col2im(dz · wᵀ). When the kernel gradient is direct
 *       (so nothing needs col later) and the shape allows, {@link ImplicitGemmConv} reads col's
 *       rows straight from x instead of forming col.</li>
 *   <li>direct ({@link DirectConv}) over a padded copy of x: forward for small patches, where the
 *       GEMM's K is too short to pay for its packing (MNIST's first layer, K = 9), and the kernel
 *       gradient, even where the forward pass made col (MNIST's second convolution, batch 128, one
 *       thread: 2.7 ms direct against 3.1 for the streamed colᵀ · dz, and the direct kernel splits
 *       over the batch without partial products of the GEMM's size).</li>
 * </ul>
 * The input gradient, when needed, goes through the GEMM and col2im, or for wide unpadded layers
 * through {@link ImplicitGemmConv#inputGradient}, which adds each tile of dz · wᵀ into dx at once;
 * with K padded to whole tiles ({@link #paddedInputGradient}) image by image through a scratch block
 * ({@link ConvInputGradient}), so that dz · wᵀ is never written out for the batch. The GEMMs are split over
 * the pool by {@link PoolGemm}, one single-threaded part per thread, as in the recurrent ops
 * (mnist-cnn with MAKO_BLAS=openblas on a shared 2-core machine: 16.8 s per epoch with whole-pool
 * OpenBLAS calls, 13.8 s split; the Java GEMM was unchanged).
 * {@link Algorithm#AUTO} picks per pass (see {@link Algorithm}). Backward first forms dz = dy ⊙ f'(y) and
 * the bias gradient (one pass, split over the pool); the input gradient is skipped when x needs
 * none (a model's first layer), which saves the largest product of the backward pass.
 *
 * <p>Node fields: a = x, b = kernel, c = bias, saved0 = col (GEMM kernel gradient) or the padded
 * input (direct kernel gradient; null when the kernel needs no gradient), saved1 = the contiguous
 * kernel, obj = geometry, i0 = 1 for the direct kernel gradient, i1 = activation ordinal,
 * i2 = 1 once a consumer applied the activation's backward ({@link #activationApplied}),
 * f0 = activation slope.
 */
public final class Conv2DOp implements Op {
    static final Conv2DOp INSTANCE = new Conv2DOp();
    private static final Activation[] ACTIVATIONS = Activation.values();

    /** How the convolution is computed. */
    public enum Algorithm {
        /** Forward by {@link #prefersDirect}; the kernel gradient direct (measured faster in every MNIST layer). */
        AUTO,
        /** Everything through im2col / col2im and the GEMM. */
        IM2COL_GEMM,
        /** Forward and kernel gradient with the direct kernel (the input gradient always takes the GEMM). */
        DIRECT
    }

    /**
     * Patch sizes (kh·kw·C) up to this make the forward pass direct. Measured at batch 128 (AVX-512,
     * 2 threads, Java GEMM): 3×3×1 → 32 (K = 9), 5×5×1 → 6 (K = 25) and 5×5×6 → 16 (K = 150) ran
     * faster direct than im2col + GEMM; 3×3×32 → 64 (K = 288) ran faster as a GEMM (4.6 ms against
     * 5 ms), whose packed micro-kernel reuses each loaded value more than the direct kernel's 4×2 tile.
     */
    static final int DIRECT_MAX_PATCH = 160;

    private Conv2DOp() {}

    /** Whether {@link Algorithm#AUTO} computes this convolution's forward pass with the direct kernel. */
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
        boolean directForward = algorithm == Algorithm.DIRECT || (algorithm == Algorithm.AUTO && prefersDirect(g, filters));
        boolean directGradient = algorithm != Algorithm.IM2COL_GEMM;
        boolean record = tape.needsGrad(x, kernel, bias);
        Tensor y = ws.allocate(batch, g.outH(), g.outW(), filters);
        Tensor xp = directForward || (record && directGradient && kernel.requiresGrad) ? padded(ws, xc, g) : null;
        // The direct kernel gradient needs no col, so the GEMM forward need not form it either.
        boolean implicit = !directForward && directGradient && ImplicitGemmConv.applies(g, filters);
        Tensor col = directForward || implicit ? null : forwardGemm(ws, xc, wc, bc, g, f, alpha, y);
        if (directForward) forwardDirect(ws, xp, wc, bc, g, f, alpha, y);
        if (implicit) forwardImplicit(xc, wc, bc, g, f, alpha, y);
        if (record) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.b = kernel;
            n.c = bias;
            n.saved0 = directGradient ? xp : col;
            n.saved1 = wc;
            n.obj = g;
            n.i0 = directGradient ? 1 : 0;
            n.i1 = f.ordinal();
            n.f0 = alpha;
        }
        return y;
    }

    /** x itself, or a copy with g's padding made explicit (the direct kernel reads no padding). */
    private static Tensor padded(Workspace ws, Tensor x, ConvGeometry g) {
        if (!g.isPadded()) return x;
        ConvGeometry u = g.unpadded();
        Tensor xp = ws.allocate(x.dim(0), u.inH(), u.inW(), u.channels());
        ConvTask.pad(g, x.dim(0), x.segment(), x.offset(), xp.segment(), xp.offset());
        return xp;
    }

    /** Returns col, which the GEMM's kernel gradient needs. */
    private static Tensor forwardGemm(Workspace ws, Tensor x, Tensor w, Tensor b, ConvGeometry g, Activation f, float alpha, Tensor y) {
        int batch = x.dim(0), rows = batch * g.outPixels(), k = g.patchSize(), filters = w.dim(3);
        Tensor col = x;
        if (!g.isPointwise()) {
            col = ws.allocate(rows, k);
            ConvTask.im2col(g, batch, x.segment(), x.offset(), col.segment(), col.offset());
        }
        PoolGemm.sgemm(false, false, rows, filters, k, 1f, col.segment(), col.offset(), k, w.segment(), w.offset(), filters,
                0f, y.segment(), y.offset(), filters);
        if (b != null || f != Activation.IDENTITY) {
            ConvTask.biasActivation(rows, filters, y.segment(), y.offset(), b == null ? null : b.segment(), b == null ? 0 : b.offset(), f, alpha);
        }
        return col;
    }

    /** col · w + b without col ({@link ImplicitGemmConv}), then the activation. */
    private static void forwardImplicit(Tensor x, Tensor w, Tensor b, ConvGeometry g, Activation f, float alpha, Tensor y) {
        int batch = x.dim(0), filters = w.dim(3);
        ConvTask.implicitGemm(g, batch, filters, x.segment(), x.offset(), w.segment(), w.offset(), y.segment(), y.offset());
        if (b != null || f != Activation.IDENTITY) {
            ConvTask.biasActivation(batch * g.outPixels(), filters, y.segment(), y.offset(), b == null ? null : b.segment(), b == null ? 0 : b.offset(), f, alpha);
        }
    }

    /** The direct kernel over the (padded) input xp. */
    private static void forwardDirect(Workspace ws, Tensor xp, Tensor w, Tensor b, ConvGeometry g, Activation f, float alpha, Tensor y) {
        int batch = xp.dim(0), k = g.patchSize(), filters = w.dim(3), fp = DirectConv.paddedFilters(filters);
        Tensor wp = ws.allocate(k, fp), bp = ws.allocate(fp);
        DirectConv.pack(w.segment(), w.offset(), k, filters, wp.segment(), wp.offset());
        DirectConv.pack(b == null ? null : b.segment(), b == null ? 0 : b.offset(), 1, filters, bp.segment(), bp.offset());
        ConvTask.directForward(g.unpadded(), batch, filters, xp.segment(), xp.offset(), wp.segment(), wp.offset(), bp.segment(), bp.offset(),
                f, alpha, y.segment(), y.offset());
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

    /**
     * The node of a ReLU convolution whose output {@code x} is, when x has no other consumer: a max
     * pool over it can then apply the ReLU's backward itself (a maximum that is not above 0 passes
     * no gradient), in the pass that writes x's gradient anyway, and mark the node with
     * {@link #activationApplied} so that its backward does not read and rewrite that gradient again
     * (MNIST's convnet: a pass over 11 MB per step saved). Null otherwise.
     */
    static Node reluProducer(Tape tape, Tensor x) {
        Node p = tape.producer(x);
        if (p == null || p.op != INSTANCE || ACTIVATIONS[p.i1] != Activation.RELU || tape.uses(x) != 1) return null;
        return p;
    }

    /** The gradient at this node's output has been through the activation's backward already. */
    static void activationApplied(Node n) {
        n.i2 = 1;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Workspace ws = tape.workspace();
        Tensor x = n.a, kernel = n.b, bias = n.c, w = n.saved1, y = n.out, dy = y.grad;
        ConvGeometry g = (ConvGeometry) n.obj;
        Activation f = n.i2 == 1 ? Activation.IDENTITY : ACTIVATIONS[n.i1];
        int batch = x.dim(0), rows = batch * g.outPixels(), k = g.patchSize(), filters = w.dim(3);
        boolean direct = n.i0 == 1, biasGrad = bias != null && bias.requiresGrad;
        // The direct kernel gradient reads whole vectors of dz: give it slack past the last row.
        int slack = direct && kernel.requiresGrad ? DirectConv.gradientSlack(filters) : 0;
        // dy itself serves as dz when no activation is left to undo and the memory after it can be read (the workspace's
        // next tensor, usually): the slack is only read, into lanes the kernel gradient drops.
        boolean dyReadable = dy.isContiguous() && dy.segment().byteSize() >= (dy.offset() + (long) rows * filters + slack) * Float.BYTES;
        Tensor dz = dy;
        if (f != Activation.IDENTITY || (slack > 0 && !dyReadable)) dz = slack > 0 ? ws.allocate(rows * filters + slack) : ws.allocate(rows, filters);
        if (f == Activation.IDENTITY && dz != dy) Elementwise.copy(dy.segment(), dy.offset(), dz.segment(), dz.offset(), rows * filters);
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
            if (direct) directKernelGradient(ws, g, batch, filters, n.saved0, dz, dw);
            else PoolGemm.sgemm(true, false, k, filters, rows, 1f, n.saved0.segment(), n.saved0.offset(), k, dz.segment(), dz.offset(), filters,
                    1f, dw.segment(), dw.offset(), filters);
        }
        if (x.requiresGrad) {
            Tensor dx = tape.grad(x);
            if (g.isPointwise()) {
                PoolGemm.sgemm(false, true, rows, k, filters, 1f, dz.segment(), dz.offset(), filters, w.segment(), w.offset(), filters,
                        1f, dx.segment(), dx.offset(), k);
            } else if (implicitInputGradient(g, filters)) {
                Tensor wt = ws.allocate(filters, ImplicitGemmConv.paddedPatch(g));
                ImplicitGemmConv.packTransposed(g, filters, w.segment(), w.offset(), wt.segment(), wt.offset());
                ConvTask.implicitInputGradient(g, batch, filters, dz.segment(), dz.offset(), wt.segment(), wt.offset(), dx.segment(), dx.offset());
            } else if (paddedInputGradient(g, filters)) {
                int kp = ImplicitGemmConv.paddedPatch(g);
                Tensor wt = ws.allocate(filters, kp);
                ImplicitGemmConv.packTransposed(g, filters, w.segment(), w.offset(), wt.segment(), wt.offset());
                Tensor scratch = ws.allocate(ConvTask.parts(batch), (int) ConvInputGradient.scratchFloats(g, kp));
                ConvTask.inputGradientByImage(g, batch, filters, dz.segment(), dz.offset(), wt.segment(), wt.offset(), kp,
                        scratch.segment(), scratch.offset(), dx.segment(), dx.offset());
            } else {
                Tensor dcol = ws.allocate(rows, k);
                PoolGemm.sgemm(false, true, rows, k, filters, 1f, dz.segment(), dz.offset(), filters, w.segment(), w.offset(), filters,
                        0f, dcol.segment(), dcol.offset(), k);
                ConvTask.col2im(g, batch, dcol.segment(), dcol.offset(), k, dx.segment(), dx.offset());
            }
        }
    }

    /**
     * Whether the input gradient skips dz · wᵀ and col2im for {@link ImplicitGemmConv#inputGradient}:
     * measured on MNIST's second convolution (64 filters, batch 128, one thread: 4.1 ms against
     * 4.5); with fewer filters each tile's reduction is too short to pay for adding it into dx.
     */
    static boolean implicitInputGradient(ConvGeometry g, int filters) {
        return filters >= 64 && ImplicitGemmConv.appliesToInputGradient(g);
    }

    /**
     * Whether {@code dz · wᵀ} is computed with K padded to whole 64-column tiles (zero columns in a
     * transposed copy of w, col rows {@code paddedPatch} apart), so that the GEMM streams dz past
     * 4 × 64 tiles instead of packing it for an edge of K mod 64 columns: LeNet's second convolution
     * (12800 × 150 × 16, one thread) 0.59 ms padded to 192 against 0.97. Taken for patches over one
     * tile that padding grows by at most a third; 64 filters or more take the implicit input gradient.
     * Each image's 100 × 192 rows then stay in L2 between the GEMM and col2im (64 images, one thread:
     * 0.43 ms against 0.44–0.49 with the batch's 4.9 MB written and read back).
     */
    static boolean paddedInputGradient(ConvGeometry g, int filters) {
        int k = g.patchSize(), kp = ImplicitGemmConv.paddedPatch(g);
        return Simd.enabled() && k > 64 && kp != k && 4 * (kp - k) <= kp;
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
