package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.BinaryOp;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** c = a − b with NumPy broadcasting: da = Σ dc, db = −Σ dc over the broadcast axes. */
public final class SubOp implements Op {
    static final SubOp INSTANCE = new SubOp();

    private SubOp() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        Broadcasting.checkShapes("sub", a, b);
        Workspace ws = tape.workspace();
        Tensor c = Broadcasting.allocateResult(ws, a, b);
        Broadcasting.apply(BinaryOp.SUB, OpSupport.contiguous(ws, a), OpSupport.contiguous(ws, b), c);
        if (tape.needsGrad(a, b)) {
            Node n = tape.record(INSTANCE, c);
            n.a = a;
            n.b = b;
        }
        return c;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor dc = n.out.grad;
        if (n.a.requiresGrad) Broadcasting.accumulateReduced(dc, tape.grad(n.a));
        if (n.b.requiresGrad) {
            Tensor db = tape.grad(n.b);
            int len = OpSupport.length(dc);
            if (db.size() == dc.size()) {
                Elementwise.axpy(-1f, dc.segment(), dc.offset(), db.segment(), db.offset(), len);
            } else {
                Tensor neg = tape.workspace().allocateLike(dc);
                Elementwise.mulScalar(dc.segment(), dc.offset(), -1f, neg.segment(), neg.offset(), len);
                Broadcasting.accumulateReduced(neg, db);
            }
        }
    }

    @Override
    public String name() {
        return "sub";
    }
}
