package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * y = f(x) for an elementwise activation f; {@code alpha} is LEAKY_RELU's negative slope. The
 * derivative is computed from y alone, so backward needs nothing but the output.
 */
public final class ActivationOp implements Op {
    static final ActivationOp INSTANCE = new ActivationOp();

    private ActivationOp() {}

    public static Tensor apply(Tape tape, Tensor x, Activation f, float alpha) {
        if (f == null) throw new IllegalArgumentException("activation: no function given for input " + x.shapeString());
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        Tensor y = ws.allocateLike(x);
        Activations.forward(f, alpha, xc.segment(), xc.offset(), y.segment(), y.offset(), OpSupport.length(y));
        if (tape.needsGrad(x)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.obj = f;
            n.f0 = alpha;
        }
        return y;
    }

    public static Tensor apply(Tape tape, Tensor x, Activation f) {
        return apply(tape, x, f, 0f);
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor y = n.out, dy = y.grad, dx = tape.grad(n.a);
        Activations.backward((Activation) n.obj, n.f0, y.segment(), y.offset(), dy.segment(), dy.offset(),
                dx.segment(), dx.offset(), OpSupport.length(y), true);
    }

    @Override
    public String name() {
        return "activation";
    }
}
