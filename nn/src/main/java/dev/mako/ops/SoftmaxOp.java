package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Softmax;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** Softmax along the last axis (max-shifted). Backward: dx = y ⊙ (dy − Σ dy ⊙ y) per row. */
public final class SoftmaxOp implements Op {
    static final SoftmaxOp INSTANCE = new SoftmaxOp();

    private SoftmaxOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("softmax: needs at least one axis, got " + x.shapeString());
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int cols = x.dim(-1), rows = cols == 0 ? 0 : (int) (x.size() / cols);
        Tensor y = ws.allocateLike(x);
        Softmax.softmaxRows(xc.segment(), xc.offset(), y.segment(), y.offset(), rows, cols);
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    /** True when {@code node} is a softmax: the probability losses use it to fuse their backward with it. */
    static boolean produced(Node node) {
        return node != null && node.op == INSTANCE;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor y = n.out, dy = y.grad, dx = tape.grad(n.a);
        int cols = y.dim(-1), rows = (int) (y.size() / cols);
        Softmax.softmaxBackwardRows(y.segment(), y.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), rows, cols, true);
    }

    @Override
    public String name() {
        return "softmax";
    }
}
