package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = x²; dx = 2 x ⊙ dy. */
public final class SquareOp implements Op {
    static final SquareOp INSTANCE = new SquareOp();

    private SquareOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        int len = OpSupport.length(y);
        Elementwise.mul(xc.segment(), xc.offset(), xc.segment(), xc.offset(), y.segment(), y.offset(), len);
        if (tape.needsGrad(x)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.saved0 = xc;
        }
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor x = n.saved0, dy = n.out.grad, dx = tape.grad(n.a);
        int len = OpSupport.length(x);
        Tensor q = tape.workspace().allocateLike(x);
        Elementwise.mul(dy.segment(), dy.offset(), x.segment(), x.offset(), q.segment(), q.offset(), len);
        Elementwise.axpy(2f, q.segment(), q.offset(), dx.segment(), dx.offset(), len);
    }

    @Override
    public String name() {
        return "square";
    }
}
