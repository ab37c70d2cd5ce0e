package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = √x; dx = dy / (2y). */
public final class SqrtOp implements Op {
    static final SqrtOp INSTANCE = new SqrtOp();

    private SqrtOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Activations.sqrt(xc.segment(), xc.offset(), y.segment(), y.offset(), OpSupport.length(y));
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor y = n.out, dy = y.grad, dx = tape.grad(n.a);
        int len = OpSupport.length(y);
        Tensor q = tape.workspace().allocateLike(y);
        Elementwise.div(dy.segment(), dy.offset(), y.segment(), y.offset(), q.segment(), q.offset(), len);
        Elementwise.axpy(0.5f, q.segment(), q.offset(), dx.segment(), dx.offset(), len);
    }

    @Override
    public String name() {
        return "sqrt";
    }
}
