package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * Binary cross-entropy from probabilities, as Keras computes it: p is clipped to [ε, 1 − ε]
 * (ε = 1e-7) and the loss is the mean over all elements of −(t·log p + (1 − t)·log(1 − p)).
 * Backward: dp = (−t/p + (1 − t)/(1 − p)) / n where p was not clipped, 0 where it was.
 */
public final class BinaryCrossEntropyOp implements Op {
    static final BinaryCrossEntropyOp INSTANCE = new BinaryCrossEntropyOp();

    private static final float EPSILON = ProbabilityCrossEntropyOp.EPSILON, UPPER = 1f - EPSILON;

    private BinaryCrossEntropyOp() {}

    /** {@code probs} and {@code targets} of the same shape. */
    public static Tensor apply(Tape tape, Tensor probs, Tensor targets) {
        if (!probs.sameShape(targets) || probs.size() == 0) {
            throw new IllegalArgumentException("binary_crossentropy: predictions " + probs.shapeString() + " and targets "
                    + targets.shapeString() + " must have the same, non-empty shape");
        }
        Workspace ws = tape.workspace();
        Tensor p = OpSupport.contiguous(ws, probs), t = OpSupport.contiguous(ws, targets);
        int n = OpSupport.length(p);
        Tensor loss = OpSupport.scalar(ws, (float) (sum(p.segment(), p.offset(), t.segment(), t.offset(), n) / n));
        if (tape.needsGrad(probs)) {
            Node node = tape.record(INSTANCE, loss);
            node.a = probs;
            node.saved0 = p;
            node.saved1 = t;
        }
        return loss;
    }

    // TODO kernel: clip and log(1 − p) have no kernels; this loop does the whole loss in one pass.
    private static double sum(MemorySegment p, long po, MemorySegment t, long to, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double pi = clip(p.getAtIndex(OpSupport.F32, po + i)), ti = t.getAtIndex(OpSupport.F32, to + i);
            s -= ti * Math.log(pi) + (1 - ti) * Math.log(1 - pi);
        }
        return s;
    }

    @Override
    public void backward(Node node, Tape tape) {
        Tensor p = node.saved0, t = node.saved1, dp = tape.grad(node.a);
        int n = OpSupport.length(p);
        double g = OpSupport.scalarValue(node.out.grad) / (double) n;
        MemorySegment ps = p.segment(), ts = t.segment(), ds = dp.segment();
        for (int i = 0; i < n; i++) {
            float pi = ps.getAtIndex(OpSupport.F32, p.offset() + i);
            if (pi < EPSILON || pi > UPPER) continue;
            double ti = ts.getAtIndex(OpSupport.F32, t.offset() + i);
            double d = (-ti / pi + (1 - ti) / (1 - (double) pi)) * g;
            ds.setAtIndex(OpSupport.F32, dp.offset() + i, ds.getAtIndex(OpSupport.F32, dp.offset() + i) + (float) d);
        }
    }

    private static float clip(float p) {
        return p < EPSILON ? EPSILON : p > UPPER ? UPPER : p;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }
}
