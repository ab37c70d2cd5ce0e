package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.BinaryOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** c = a + b with NumPy broadcasting; each gradient is dc summed over the axes its operand was broadcast along. */
public final class AddOp implements Op {
    static final AddOp INSTANCE = new AddOp();

    private AddOp() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        Broadcasting.checkShapes("add", a, b);
        Workspace ws = tape.workspace();
        Tensor c = Broadcasting.allocateResult(ws, a, b);
        Broadcasting.apply(BinaryOp.ADD, OpSupport.contiguous(ws, a), OpSupport.contiguous(ws, b), c);
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
        if (n.b.requiresGrad) Broadcasting.accumulateReduced(dc, tape.grad(n.b));
    }

    @Override
    public String name() {
        return "add";
    }
}
