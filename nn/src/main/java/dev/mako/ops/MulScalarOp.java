package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = s · x for a constant s; dx = s · dy. */
public final class MulScalarOp implements Op {
    static final MulScalarOp INSTANCE = new MulScalarOp();

    private MulScalarOp() {}

    public static Tensor apply(Tape tape, Tensor x, float s) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Elementwise.mulScalar(xc.segment(), xc.offset(), s, y.segment(), y.offset(), OpSupport.length(y));
        if (tape.needsGrad(x)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.f0 = s;
        }
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor dy = n.out.grad, dx = tape.grad(n.a);
        Elementwise.axpy(n.f0, dy.segment(), dy.offset(), dx.segment(), dx.offset(), OpSupport.length(dy));
    }

    @Override
    public String name() {
        return "mul_scalar";
    }
}
