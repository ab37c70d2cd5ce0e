package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.BinaryOp;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** c = a ⊙ b with NumPy broadcasting: da = Σ dc ⊙ b, db = Σ dc ⊙ a over the broadcast axes. */
public final class MulOp implements Op {
    static final MulOp INSTANCE = new MulOp();

    private MulOp() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        Broadcasting.checkShapes("mul", a, b);
        Workspace ws = tape.workspace();
        Tensor ac = OpSupport.contiguous(ws, a), bc = OpSupport.contiguous(ws, b);
        Tensor c = Broadcasting.allocateResult(ws, a, b);
        Broadcasting.apply(BinaryOp.MUL, ac, bc, c);
        if (tape.needsGrad(a, b)) {
            Node n = tape.record(INSTANCE, c);
            n.a = a;
            n.b = b;
            n.saved0 = ac;
            n.saved1 = bc;
        }
        return c;
    }

    @Override
    public void backward(Node n, Tape tape) {
        if (n.a.requiresGrad) accumulateProduct(tape, n.out.grad, n.saved1, tape.grad(n.a));
        if (n.b.requiresGrad) accumulateProduct(tape, n.out.grad, n.saved0, tape.grad(n.b));
    }

    /** g += Σ dc ⊙ other, summed down to g's shape. */
    private static void accumulateProduct(Tape tape, Tensor dc, Tensor other, Tensor g) {
        if (g.size() == dc.size() && other.size() == dc.size()) {
            Elementwise.mulAdd(dc.segment(), dc.offset(), other.segment(), other.offset(), g.segment(), g.offset(), OpSupport.length(dc));
            return;
        }
        Workspace ws = tape.workspace();
        Tensor prod = ws.allocateLike(dc);
        Broadcasting.apply(BinaryOp.MUL, dc, other, prod);
        Broadcasting.accumulateReduced(prod, g);
    }

    @Override
    public String name() {
        return "mul";
    }
}
