package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Sum of all elements (a rank-0 result) or along one axis (the axis is dropped, as in NumPy).
 * The reduction and its backward — the output gradient, scaled, spread back along the reduced
 * axis — are shared with {@link MeanOp}, which is the same sum scaled by 1/n.
 */
public final class SumOp implements Op {
    static final SumOp INSTANCE = new SumOp();

    /** {@code Node.i0} value meaning "all elements". */
    private static final int ALL = -1;

    private SumOp() {}

    /** Σ x over all elements, as a rank-0 tensor. */
    public static Tensor apply(Tape tape, Tensor x) {
        return reduceAll(INSTANCE, tape, x, 1f);
    }

    /** Σ x along {@code axis} (negative counts from the end); the axis is removed from the shape. */
    public static Tensor apply(Tape tape, Tensor x, int axis) {
        return reduceAlong(INSTANCE, tape, x, axis, false);
    }

    static Tensor reduceAll(Op op, Tape tape, Tensor x, float scale) {
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        float s = Reductions.sum(xc.segment(), xc.offset(), OpSupport.length(xc)) * scale;
        Tensor y = OpSupport.scalar(ws, s);
        if (tape.needsGrad(x)) {
            Node n = tape.record(op, y);
            n.a = x;
            n.i0 = ALL;
            n.f0 = scale;
        }
        return y;
    }

    static Tensor reduceAlong(Op op, Tape tape, Tensor x, int axis, boolean mean) {
        int ax = OpSupport.axis(op.name(), x, axis);
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int outer = OpSupport.span(x, 0, ax), len = x.dim(ax), inner = OpSupport.span(x, ax + 1, x.rank());
        float scale = mean ? 1f / len : 1f;
        Tensor y = OpSupport.allocateWithout(ws, x, ax);
        Reductions.sumAxis(xc.segment(), xc.offset(), outer, len, inner, y.segment(), y.offset(), false);
        if (mean) Elementwise.mulScalar(y.segment(), y.offset(), scale, y.segment(), y.offset(), outer * inner);
        if (tape.needsGrad(x)) {
            Node n = tape.record(op, y);
            n.a = x;
            n.i0 = ax;
            n.f0 = scale;
        }
        return y;
    }

    /** dx += scale · dy, spread back along the reduced axis (or over everything). */
    static void spread(Node n, Tape tape) {
        Tensor x = n.a, dy = n.out.grad, dx = tape.grad(x);
        float scale = n.f0;
        if (n.i0 == ALL) {
            float g = OpSupport.scalarValue(dy) * scale;
            Elementwise.addScalar(dx.segment(), dx.offset(), g, dx.segment(), dx.offset(), OpSupport.length(dx));
            return;
        }
        int ax = n.i0;
        int outer = OpSupport.span(x, 0, ax), len = x.dim(ax), inner = OpSupport.span(x, ax + 1, x.rank());
        if (inner == 1) {
            // The last axis was reduced: each output gradient spreads over one contiguous row.
            for (int o = 0; o < outer; o++) {
                long row = dx.offset() + (long) o * len;
                float g = OpSupport.read(dy, o) * scale;
                Elementwise.addScalar(dx.segment(), row, g, dx.segment(), row, len);
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < len; l++) {
                Elementwise.axpy(scale, dy.segment(), dy.offset() + (long) o * inner,
                        dx.segment(), dx.offset() + ((long) o * len + l) * inner, inner);
            }
        }
    }

    @Override
    public void backward(Node n, Tape tape) {
        spread(n, tape);
    }

    @Override
    public String name() {
        return "sum";
    }
}
