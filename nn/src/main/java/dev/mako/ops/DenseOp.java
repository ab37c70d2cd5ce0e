package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Gemm;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Fused dense layer, one node: y = f(x · W + b) with x [batch, in], W [in, out] (Keras' kernel
 * layout), b [out] or null, f an elementwise activation. Backward needs only x, W and y:
 * dz = dy ⊙ f'(y); dW += xᵀ·dz; db += Σ_rows dz; dx += dz·Wᵀ (skipped when x needs no gradient,
 * as for the first layer, which saves the largest GEMM of an MLP's backward pass).
 */
public final class DenseOp implements Op {
    static final DenseOp INSTANCE = new DenseOp();

    private DenseOp() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor w, Tensor b, Activation f, float alpha) {
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(0) || (b != null && (b.rank() != 1 || b.dim(0) != w.dim(1)))) {
            throw new IllegalArgumentException("dense: x " + x.shapeString() + ", kernel " + w.shapeString()
                    + (b == null ? "" : ", bias " + b.shapeString()) + " do not fit [batch, in]·[in, out] + [out]");
        }
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x), wc = OpSupport.contiguous(ws, w), bc = b == null ? null : OpSupport.contiguous(ws, b);
        int batch = x.dim(0), in = x.dim(1), out = w.dim(1);
        Tensor y = ws.allocate(batch, out);
        Gemm.sgemm(false, false, batch, out, in, 1f, xc.segment(), xc.offset(), in, wc.segment(), wc.offset(), out,
                0f, y.segment(), y.offset(), out);
        if (bc != null) Elementwise.addRow(y.segment(), y.offset(), bc.segment(), bc.offset(), y.segment(), y.offset(), batch, out);
        if (f != Activation.IDENTITY) Activations.forward(f, alpha, y.segment(), y.offset(), y.segment(), y.offset(), batch * out);
        if (tape.needsGrad(x, w, b)) {
            // Gradients go to the tensors given; the kernels read their contiguous copies.
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.b = w;
            n.c = b;
            n.saved0 = xc;
            n.saved1 = wc;
            n.obj = f;
            n.f0 = alpha;
        }
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor x = n.saved0, w = n.saved1, b = n.c, y = n.out, dy = y.grad;
        Activation f = (Activation) n.obj;
        int batch = x.dim(0), in = x.dim(1), out = w.dim(1);
        Tensor dz = dy;
        if (f != Activation.IDENTITY) {
            dz = tape.workspace().allocate(batch, out);
            Activations.backward(f, n.f0, y.segment(), y.offset(), dy.segment(), dy.offset(), dz.segment(), dz.offset(), batch * out, false);
        }
        if (n.b.requiresGrad) {
            Tensor dw = tape.grad(n.b);
            Gemm.sgemm(true, false, in, out, batch, 1f, x.segment(), x.offset(), in, dz.segment(), dz.offset(), out,
                    1f, dw.segment(), dw.offset(), out);
        }
        if (b != null && b.requiresGrad) {
            Tensor db = tape.grad(b);
            Reductions.sumAxis(dz.segment(), dz.offset(), 1, batch, out, db.segment(), db.offset(), true);
        }
        if (n.a.requiresGrad) {
            Tensor dx = tape.grad(n.a);
            Gemm.sgemm(false, true, batch, in, out, 1f, dz.segment(), dz.offset(), out, w.segment(), w.offset(), out,
                    1f, dx.segment(), dx.offset(), in);
        }
    }

    @Override
    public String name() {
        return "dense";
    }
}
