package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.ops.ReshapeOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Target checks shared by the losses. */
final class LossTargets {
    private LossTargets() {}

    /**
     * Targets with the predictions' shape: the targets themselves, or a view when they differ
     * only by a trailing dimension of 1 ([batch] against [batch, 1] or the reverse, as Keras
     * squeezes or expands). Anything else throws naming both shapes.
     */
    static Tensor alignedTo(String loss, Tape tape, Tensor predictions, Tensor targets) {
        if (predictions.sameShape(targets)) return targets;
        if (predictions.size() == targets.size() && differByTrailingOne(predictions, targets)) {
            return switch (predictions.rank()) {
                case 2 -> ReshapeOp.apply(tape, targets, predictions.dim(0), predictions.dim(1));
                case 3 -> ReshapeOp.apply(tape, targets, predictions.dim(0), predictions.dim(1), predictions.dim(2));
                default -> ReshapeOp.apply(tape, targets, predictions.shape());
            };
        }
        throw new IllegalArgumentException(loss + ": predictions " + predictions.shapeString() + " and targets " + targets.shapeString()
                + " have different shapes");
    }

    private static boolean differByTrailingOne(Tensor a, Tensor b) {
        Tensor longer = a.rank() > b.rank() ? a : b, shorter = longer == a ? b : a;
        if (longer.rank() != shorter.rank() + 1 || longer.dim(-1) != 1) return false;
        for (int i = 0; i < shorter.rank(); i++) if (shorter.dim(i) != longer.dim(i)) return false;
        return true;
    }

    /**
     * ±1 targets for the margin losses. As Keras' hinge does, targets that are all 0 or 1 are
     * mapped to −1 and 1; otherwise they are used as they are.
     */
    static Tensor signed(Tape tape, Tensor targets) {
        Workspace ws = tape.workspace();
        Tensor t = targets.isContiguous() ? targets : ws.allocateLike(targets).copyFrom(targets);
        MemorySegment seg = t.segment();
        int n = (int) t.size();
        for (int i = 0; i < n; i++) {
            float v = seg.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, t.offset() + i);
            if (v != 0f && v != 1f) return t;
        }
        Tensor s = ws.allocateLike(t);
        Elementwise.mulScalar(seg, t.offset(), 2f, s.segment(), s.offset(), n);
        Elementwise.addScalar(s.segment(), s.offset(), -1f, s.segment(), s.offset(), n);
        return s;
    }
}
