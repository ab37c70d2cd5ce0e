package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * The margin losses over targets y in {−1, 1}: the mean over all elements of max(0, m − y·ŷ) —
 * the hinge with margin m = 1, the perceptron criterion with m = 0. The max has {@code Math.max}
 * semantics, so a NaN prediction gives a NaN loss. Backward: dŷ = −y / n where the margin is
 * violated, 0 where it is met.
 */
public final class MarginLossOp implements Op {
    static final MarginLossOp INSTANCE = new MarginLossOp();

    private MarginLossOp() {}

    public static Tensor apply(Tape tape, Tensor predictions, Tensor signedTargets, float margin) {
        if (!predictions.sameShape(signedTargets) || predictions.size() == 0) {
            throw new IllegalArgumentException("margin loss: predictions " + predictions.shapeString() + " and targets "
                    + signedTargets.shapeString() + " must have the same, non-empty shape");
        }
        Workspace ws = tape.workspace();
        Tensor p = OpSupport.contiguous(ws, predictions), y = OpSupport.contiguous(ws, signedTargets);
        int n = OpSupport.length(p);
        Tensor violation = ws.allocateLike(p);
        Elementwise.mul(p.segment(), p.offset(), y.segment(), y.offset(), violation.segment(), violation.offset(), n);
        Elementwise.scalarSub(margin, violation.segment(), violation.offset(), violation.segment(), violation.offset(), n);
        Elementwise.maxScalar(violation.segment(), violation.offset(), 0f, violation.segment(), violation.offset(), n);
        Tensor loss = OpSupport.scalar(ws, Reductions.sum(violation.segment(), violation.offset(), n) / n);
        if (tape.needsGrad(predictions)) {
            Node node = tape.record(INSTANCE, loss);
            node.a = predictions;
            node.saved0 = violation;
            node.saved1 = y;
        }
        return loss;
    }

    @Override
    public void backward(Node node, Tape tape) {
        Tensor violation = node.saved0, y = node.saved1, dp = tape.grad(node.a);
        int n = OpSupport.length(violation);
        float g = OpSupport.scalarValue(node.out.grad) / n;
        Tensor dv = tape.workspace().allocateLike(y);
        Elementwise.mulScalar(y.segment(), y.offset(), -g, dv.segment(), dv.offset(), n);
        // max(0, ·) passes the gradient where its output is positive: ReLU's derivative from its output.
        Activations.backward(Activation.RELU, 0f, violation.segment(), violation.offset(), dv.segment(), dv.offset(),
                dp.segment(), dp.offset(), n, true);
    }

    @Override
    public String name() {
        return "margin_loss";
    }
}
