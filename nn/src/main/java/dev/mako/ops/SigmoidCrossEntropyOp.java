package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * Binary cross-entropy from logits z, in the form that neither overflows nor loses precision:
 * per element max(z, 0) − z·t + log(1 + e^(−|z|)), averaged over all elements.
 * Backward: dz = (σ(z) − t) / n.
 */
public final class SigmoidCrossEntropyOp implements Op {
    static final SigmoidCrossEntropyOp INSTANCE = new SigmoidCrossEntropyOp();

    private SigmoidCrossEntropyOp() {}

    /** {@code logits} and {@code targets} of the same shape. */
    public static Tensor apply(Tape tape, Tensor logits, Tensor targets) {
        if (!logits.sameShape(targets) || logits.size() == 0) {
            throw new IllegalArgumentException("sigmoid_cross_entropy: logits " + logits.shapeString() + " and targets "
                    + targets.shapeString() + " must have the same, non-empty shape");
        }
        Workspace ws = tape.workspace();
        Tensor z = OpSupport.contiguous(ws, logits), t = OpSupport.contiguous(ws, targets);
        int n = OpSupport.length(z);
        Tensor loss = OpSupport.scalar(ws, (float) (sum(z.segment(), z.offset(), t.segment(), t.offset(), n) / n));
        if (tape.needsGrad(logits)) {
            Node node = tape.record(INSTANCE, loss);
            node.a = logits;
            node.saved0 = z;
            node.saved1 = t;
        }
        return loss;
    }

    // TODO kernel: a softplus / log1p kernel would let this be composed; one fused pass is simplest meanwhile.
    private static double sum(MemorySegment z, long zo, MemorySegment t, long to, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double zi = z.getAtIndex(OpSupport.F32, zo + i), ti = t.getAtIndex(OpSupport.F32, to + i);
            s += Math.max(zi, 0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return s;
    }

    @Override
    public void backward(Node node, Tape tape) {
        Tensor z = node.saved0, t = node.saved1, dz = tape.grad(node.a);
        int n = OpSupport.length(z);
        double g = OpSupport.scalarValue(node.out.grad) / (double) n;
        MemorySegment zs = z.segment(), ts = t.segment(), ds = dz.segment();
        for (int i = 0; i < n; i++) {
            double zi = zs.getAtIndex(OpSupport.F32, z.offset() + i);
            double sigmoid = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
            double d = (sigmoid - ts.getAtIndex(OpSupport.F32, t.offset() + i)) * g;
            ds.setAtIndex(OpSupport.F32, dz.offset() + i, ds.getAtIndex(OpSupport.F32, dz.offset() + i) + (float) d);
        }
    }

    @Override
    public String name() {
        return "sigmoid_cross_entropy";
    }
}
