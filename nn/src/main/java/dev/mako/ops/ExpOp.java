package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = eˣ; dx = dy ⊙ y. */
public final class ExpOp implements Op {
    static final ExpOp INSTANCE = new ExpOp();

    private ExpOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Activations.exp(xc.segment(), xc.offset(), y.segment(), y.offset(), OpSupport.length(y));
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor y = n.out, dy = y.grad, dx = tape.grad(n.a);
        Elementwise.mulAdd(dy.segment(), dy.offset(), y.segment(), y.offset(), dx.segment(), dx.offset(), OpSupport.length(y));
    }

    @Override
    public String name() {
        return "exp";
    }
}
