package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.kernels.Softmax;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/** Log-softmax along the last axis (log-sum-exp stable). Backward: dx = dy − softmax(x) · Σ dy per row. */
public final class LogSoftmaxOp implements Op {
    static final LogSoftmaxOp INSTANCE = new LogSoftmaxOp();

    private LogSoftmaxOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("log_softmax: needs at least one axis, got " + x.shapeString());
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int cols = x.dim(-1), rows = cols == 0 ? 0 : (int) (x.size() / cols);
        Tensor y = ws.allocateLike(x);
        Softmax.logSoftmaxRows(xc.segment(), xc.offset(), y.segment(), y.offset(), rows, cols);
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor y = n.out, dy = y.grad, dx = tape.grad(n.a);
        int cols = y.dim(-1), rows = (int) (y.size() / cols), len = OpSupport.length(y);
        Tensor p = tape.workspace().allocateLike(y);
        Activations.exp(y.segment(), y.offset(), p.segment(), p.offset(), len);
        for (int r = 0; r < rows; r++) {
            long o = (long) r * cols;
            float s = Reductions.sum(dy.segment(), dy.offset() + o, cols);
            Elementwise.axpy(-s, p.segment(), p.offset() + o, dx.segment(), dx.offset() + o, cols);
        }
        Elementwise.add(dx.segment(), dx.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), len);
    }

    @Override
    public String name() {
        return "log_softmax";
    }
}
