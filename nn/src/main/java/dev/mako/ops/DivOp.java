package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.BinaryOp;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** c = a / b with NumPy broadcasting: da = Σ dc / b, db = −Σ (dc / b) ⊙ c over the broadcast axes. */
public final class DivOp implements Op {
    static final DivOp INSTANCE = new DivOp();

    private DivOp() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        Broadcasting.checkShapes("div", a, b);
        Workspace ws = tape.workspace();
        Tensor bc = OpSupport.contiguous(ws, b);
        Tensor c = Broadcasting.allocateResult(ws, a, b);
        Broadcasting.apply(BinaryOp.DIV, OpSupport.contiguous(ws, a), bc, c);
        if (tape.needsGrad(a, b)) {
            Node n = tape.record(INSTANCE, c);
            n.a = a;
            n.b = b;
            n.saved1 = bc;
        }
        return c;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Workspace ws = tape.workspace();
        Tensor dc = n.out.grad, c = n.out;
        Tensor q = ws.allocateLike(dc);
        Broadcasting.apply(BinaryOp.DIV, dc, n.saved1, q);
        if (n.a.requiresGrad) Broadcasting.accumulateReduced(q, tape.grad(n.a));
        if (n.b.requiresGrad) {
            int len = OpSupport.length(q);
            // (dc / b) ⊙ c = dc ⊙ a / b², the derivative of a / b in b, up to the sign.
            Elementwise.mul(q.segment(), q.offset(), c.segment(), c.offset(), q.segment(), q.offset(), len);
            Elementwise.mulScalar(q.segment(), q.offset(), -1f, q.segment(), q.offset(), len);
            Broadcasting.accumulateReduced(q, tape.grad(n.b));
        }
    }

    @Override
    public String name() {
        return "div";
    }
}
