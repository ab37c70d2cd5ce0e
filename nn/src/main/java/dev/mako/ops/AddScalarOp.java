package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = x + s for a constant s; dx = dy. */
public final class AddScalarOp implements Op {
    static final AddScalarOp INSTANCE = new AddScalarOp();

    private AddScalarOp() {}

    public static Tensor apply(Tape tape, Tensor x, float s) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Elementwise.addScalar(xc.segment(), xc.offset(), s, y.segment(), y.offset(), OpSupport.length(y));
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor dy = n.out.grad, dx = tape.grad(n.a);
        Elementwise.add(dx.segment(), dx.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), OpSupport.length(dy));
    }

    @Override
    public String name() {
        return "add_scalar";
    }
}
