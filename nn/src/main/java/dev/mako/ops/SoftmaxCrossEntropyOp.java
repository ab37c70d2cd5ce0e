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
import java.lang.foreign.MemorySegment;

/**
 * Softmax and cross-entropy from logits z [batch, classes] in one node: the loss is the batch mean
 * of −Σₖ tₖ · log softmax(z)ₖ, with the log-softmax computed by log-sum-exp so that large logits
 * neither overflow nor lose the small probabilities. The gradient needs no softmax Jacobian:
 * dz = (softmax(z) · Σₖ tₖ − t) / batch, which is (p − onehot) / batch for class targets.
 */
public final class SoftmaxCrossEntropyOp implements Op {
    static final SoftmaxCrossEntropyOp INSTANCE = new SoftmaxCrossEntropyOp();

    private SoftmaxCrossEntropyOp() {}

    /** Targets [batch, classes]: one-hot rows, or any distributions. */
    public static Tensor apply(Tape tape, Tensor logits, Tensor targets) {
        if (logits.rank() != 2 || !logits.sameShape(targets)) {
            throw new IllegalArgumentException("softmax_cross_entropy: logits " + logits.shapeString() + " and targets "
                    + targets.shapeString() + " must both be [batch, classes]");
        }
        return forward(tape, logits, targets, false);
    }

    /** Class targets [batch] or [batch, 1], whole numbers in [0, classes) stored as floats. */
    public static Tensor applySparse(Tape tape, Tensor logits, Tensor labels) {
        ClassLabels.check("sparse_softmax_cross_entropy", logits, labels);
        return forward(tape, logits, labels, true);
    }

    private static Tensor forward(Tape tape, Tensor logits, Tensor targets, boolean sparse) {
        Workspace ws = tape.workspace();
        Tensor z = OpSupport.contiguous(ws, logits), t = OpSupport.contiguous(ws, targets);
        int batch = z.dim(0), classes = z.dim(1);
        Tensor logp = ws.allocate(batch, classes);
        MemorySegment ls = logp.segment();
        Softmax.logSoftmaxRows(z.segment(), z.offset(), ls, logp.offset(), batch, classes);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            long row = logp.offset() + (long) r * classes;
            sum += sparse ? ls.getAtIndex(OpSupport.F32, row + ClassLabels.at(t, r))
                    : Reductions.dot(t.segment(), t.offset() + (long) r * classes, ls, row, classes);
        }
        Tensor loss = OpSupport.scalar(ws, (float) (-sum / batch));
        if (tape.needsGrad(logits)) {
            Node n = tape.record(INSTANCE, loss);
            n.a = logits;
            n.b = t;
            n.saved0 = logp;
            n.i0 = sparse ? 1 : 0;
        }
        return loss;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor logp = n.saved0, t = n.b, dz = tape.grad(n.a);
        int batch = logp.dim(0), classes = logp.dim(1), len = batch * classes;
        float scale = OpSupport.scalarValue(n.out.grad) / batch;
        Tensor p = tape.workspace().allocate(batch, classes);
        MemorySegment ps = p.segment();
        Activations.exp(logp.segment(), logp.offset(), ps, p.offset(), len);
        if (n.i0 == 1) {
            for (int r = 0; r < batch; r++) {
                long at = p.offset() + (long) r * classes + ClassLabels.at(t, r);
                ps.setAtIndex(OpSupport.F32, at, ps.getAtIndex(OpSupport.F32, at) - 1f);
            }
        } else {
            for (int r = 0; r < batch; r++) {
                long row = (long) r * classes;
                float mass = Reductions.sum(t.segment(), t.offset() + row, classes);
                Elementwise.mulScalar(ps, p.offset() + row, mass, ps, p.offset() + row, classes);
            }
            Elementwise.sub(ps, p.offset(), t.segment(), t.offset(), ps, p.offset(), len);
        }
        Elementwise.axpy(scale, ps, p.offset(), dz.segment(), dz.offset(), len);
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }
}
