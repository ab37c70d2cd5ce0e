package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** y = ln x (NaN for x &lt; 0, −∞ at 0, as in IEEE arithmetic); dx = dy / x. */
public final class LogOp implements Op {
    static final LogOp INSTANCE = new LogOp();

    private LogOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Activations.log(xc.segment(), xc.offset(), y.segment(), y.offset(), OpSupport.length(y));
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
        Elementwise.div(dy.segment(), dy.offset(), x.segment(), x.offset(), q.segment(), q.offset(), len);
        Elementwise.add(dx.segment(), dx.offset(), q.segment(), q.offset(), dx.segment(), dx.offset(), len);
    }

    @Override
    public String name() {
        return "log";
    }
}
