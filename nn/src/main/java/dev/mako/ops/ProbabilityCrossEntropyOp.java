package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * Categorical cross-entropy from probabilities p [batch, classes], computed as Keras does: each
 * row is divided by its sum, clipped to [ε, 1 − ε] with ε = 1e-7, and the loss is the batch mean
 * of −Σₖ tₖ · log qₖ. The backward is the exact derivative of that, clip included (a clipped
 * probability passes no gradient).
 *
 * <p>When p is the output of a softmax recorded on the same tape (a Dense layer with softmax
 * activation, the usual classifier), the node is recorded against the softmax's logits instead,
 * with the combined gradient dz = (p · Σₖ wₖ − w) / batch, w = t masked by the clip. That is the
 * same derivative — the row sums of a softmax are identically 1 — in one pass, and the softmax
 * node is then skipped by the backward walk because nothing asks for the probabilities' gradient.
 */
public final class ProbabilityCrossEntropyOp implements Op {
    static final ProbabilityCrossEntropyOp INSTANCE = new ProbabilityCrossEntropyOp();

    /** Keras' {@code backend.epsilon()}. */
    public static final float EPSILON = 1e-7f;
    private static final float UPPER = 1f - EPSILON;

    private ProbabilityCrossEntropyOp() {}

    /** Targets [batch, classes]: one-hot rows, or any distributions. */
    public static Tensor apply(Tape tape, Tensor probs, Tensor targets) {
        if (probs.rank() != 2 || !probs.sameShape(targets)) {
            throw new IllegalArgumentException("categorical_crossentropy: predictions " + probs.shapeString() + " and targets "
                    + targets.shapeString() + " must both be [batch, classes]");
        }
        return forward(tape, probs, targets, false);
    }

    /** Class targets [batch] or [batch, 1], whole numbers in [0, classes) stored as floats. */
    public static Tensor applySparse(Tape tape, Tensor probs, Tensor labels) {
        ClassLabels.check("sparse_categorical_crossentropy", probs, labels);
        return forward(tape, probs, labels, true);
    }

    private static Tensor forward(Tape tape, Tensor probs, Tensor targets, boolean sparse) {
        Workspace ws = tape.workspace();
        Tensor p = OpSupport.contiguous(ws, probs), t = OpSupport.contiguous(ws, targets);
        int batch = p.dim(0), classes = p.dim(1);
        double sum = 0;
        if (sparse) {
            for (int r = 0; r < batch; r++) {
                float s = rowSum(p, r, classes);
                sum += Math.log(clip(OpSupport.read(p, (long) r * classes + ClassLabels.at(t, r)) / s));
            }
        } else {
            Tensor logq = ws.allocate(batch, classes);
            for (int r = 0; r < batch; r++) normalizeAndClip(p, rowSum(p, r, classes), logq, r, classes);
            Activations.log(logq.segment(), logq.offset(), logq.segment(), logq.offset(), batch * classes);
            for (int r = 0; r < batch; r++) {
                long row = (long) r * classes;
                sum += Reductions.dot(t.segment(), t.offset() + row, logq.segment(), logq.offset() + row, classes);
            }
        }
        Tensor loss = OpSupport.scalar(ws, (float) (-sum / batch));
        if (tape.needsGrad(probs)) {
            Node softmax = tape.producer(probs);
            boolean fused = SoftmaxOp.produced(softmax);
            Node n = tape.record(INSTANCE, loss);
            n.a = fused ? softmax.a : probs;
            n.b = t;
            n.saved0 = p;
            n.i0 = sparse ? 1 : 0;
            n.i1 = fused ? 1 : 0;
        }
        return loss;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor p = n.saved0, t = n.b, grad = tape.grad(n.a);
        int batch = p.dim(0), classes = p.dim(1);
        float g = OpSupport.scalarValue(n.out.grad) / batch;
        boolean sparse = n.i0 == 1;
        if (n.i1 == 1) {
            Tensor w = tape.workspace().allocate(batch, classes);
            for (int r = 0; r < batch; r++) {
                if (sparse) softmaxRowSparse(p, t, w, r, classes);
                else softmaxRowDense(p, t, w, r, classes);
            }
            Elementwise.axpy(g, w.segment(), w.offset(), grad.segment(), grad.offset(), batch * classes);
            return;
        }
        for (int r = 0; r < batch; r++) {
            float s = rowSum(p, r, classes);
            if (sparse) probabilityRowSparse(p, t, grad, r, classes, s, g);
            else probabilityRowDense(p, t, grad, r, classes, s, g);
        }
    }

    /** Fused, class target y: w = m · (p − e_y), m = 0 when q_y was clipped. */
    private static void softmaxRowSparse(Tensor p, Tensor t, Tensor w, int r, int classes) {
        long row = (long) r * classes;
        int y = ClassLabels.at(t, r);
        float q = OpSupport.read(p, row + y) / rowSum(p, r, classes);
        if (clipped(q)) {
            Elementwise.fill(w.segment(), w.offset() + row, classes, 0f);
            return;
        }
        Elementwise.copy(p.segment(), p.offset() + row, w.segment(), w.offset() + row, classes);
        OpSupport.write(w, row + y, OpSupport.read(w, row + y) - 1f);
    }

    /** Fused, dense targets: w = p · Σₖ tₖmₖ − t ⊙ m. */
    // TODO kernel: the clip mask is per element and has no kernel, so dense-target rows loop here.
    private static void softmaxRowDense(Tensor p, Tensor t, Tensor w, int r, int classes) {
        long row = (long) r * classes;
        float s = rowSum(p, r, classes);
        double mass = 0;
        for (int k = 0; k < classes; k++) if (!clipped(OpSupport.read(p, row + k) / s)) mass += OpSupport.read(t, row + k);
        for (int k = 0; k < classes; k++) {
            float pk = OpSupport.read(p, row + k);
            float tk = clipped(pk / s) ? 0f : OpSupport.read(t, row + k);
            OpSupport.write(w, row + k, (float) (pk * mass) - tk);
        }
    }

    /** Through q = p / S, class target y: dp_j += g·m/S for every j, and −g·m/(S·q_y) more at y. */
    private static void probabilityRowSparse(Tensor p, Tensor t, Tensor dp, int r, int classes, float s, float g) {
        long row = (long) r * classes;
        int y = ClassLabels.at(t, r);
        float q = OpSupport.read(p, row + y) / s;
        if (clipped(q)) return;
        Elementwise.addScalar(dp.segment(), dp.offset() + row, g / s, dp.segment(), dp.offset() + row, classes);
        OpSupport.write(dp, row + y, OpSupport.read(dp, row + y) - g / (s * q));
    }

    /** Through q = p / S, dense targets: dp_j += g/S · (Σₖ tₖmₖ − t_j·m_j / q_j). */
    private static void probabilityRowDense(Tensor p, Tensor t, Tensor dp, int r, int classes, float s, float g) {
        long row = (long) r * classes;
        double mass = 0;
        for (int k = 0; k < classes; k++) if (!clipped(OpSupport.read(p, row + k) / s)) mass += OpSupport.read(t, row + k);
        for (int k = 0; k < classes; k++) {
            float q = OpSupport.read(p, row + k) / s;
            double term = clipped(q) ? mass : mass - OpSupport.read(t, row + k) / (double) q;
            OpSupport.write(dp, row + k, OpSupport.read(dp, row + k) + (float) (g / s * term));
        }
    }

    private static void normalizeAndClip(Tensor p, float s, Tensor out, int r, int classes) {
        long row = (long) r * classes;
        for (int k = 0; k < classes; k++) OpSupport.write(out, row + k, clip(OpSupport.read(p, row + k) / s));
    }

    private static float rowSum(Tensor p, int r, int classes) {
        return Reductions.sum(p.segment(), p.offset() + (long) r * classes, classes);
    }

    /** Keras' clip; NaN passes through so that a broken prediction shows in the loss. */
    private static float clip(float q) {
        return q < EPSILON ? EPSILON : q > UPPER ? UPPER : q;
    }

    private static boolean clipped(float q) {
        return q < EPSILON || q > UPPER;
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }
}
