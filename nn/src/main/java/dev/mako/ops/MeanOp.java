package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;

/** Mean of all elements (a rank-0 result) or along one axis (dropped): {@link SumOp}'s reduction scaled by 1/n. */
public final class MeanOp implements Op {
    static final MeanOp INSTANCE = new MeanOp();

    private MeanOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        if (x.size() == 0) throw new IllegalArgumentException("mean: empty tensor " + x.shapeString());
        return SumOp.reduceAll(INSTANCE, tape, x, 1f / x.size());
    }

    public static Tensor apply(Tape tape, Tensor x, int axis) {
        return SumOp.reduceAlong(INSTANCE, tape, x, axis, true);
    }

    @Override
    public void backward(Node n, Tape tape) {
        SumOp.spread(n, tape);
    }

    @Override
    public String name() {
        return "mean";
    }
}
