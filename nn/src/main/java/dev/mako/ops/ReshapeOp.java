package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Same elements, new shape: a view of x (copied first only if x is not contiguous). The gradient
 * has x's elements in the same order, so backward adds dy into dx as flat runs.
 */
public final class ReshapeOp implements Op {
    static final ReshapeOp INSTANCE = new ReshapeOp();

    private ReshapeOp() {}

    /** Keeps dimension 0 (the batch) and flattens the rest: [b, d1, d2, ...] → [b, d1·d2·...]. */
    public static Tensor flatten(Tape tape, Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("flatten: needs a batch dimension, got " + x.shapeString());
        return apply(tape, x, x.dim(0), OpSupport.span(x, 1, x.rank()));
    }

    public static Tensor apply(Tape tape, Tensor x, int d0, int d1) {
        checkSize(x, (long) d0 * d1, d0, d1, -1, -1);
        Workspace ws = tape.workspace();
        return record(tape, x, ws.reshape(OpSupport.contiguous(ws, x), d0, d1));
    }

    public static Tensor apply(Tape tape, Tensor x, int d0, int d1, int d2) {
        checkSize(x, (long) d0 * d1 * d2, d0, d1, d2, -1);
        Workspace ws = tape.workspace();
        return record(tape, x, ws.reshape(OpSupport.contiguous(ws, x), d0, d1, d2));
    }

    public static Tensor apply(Tape tape, Tensor x, int d0, int d1, int d2, int d3) {
        checkSize(x, (long) d0 * d1 * d2 * d3, d0, d1, d2, d3);
        Workspace ws = tape.workspace();
        return record(tape, x, ws.reshape(OpSupport.contiguous(ws, x), d0, d1, d2, d3));
    }

    /** Any rank; one dimension may be -1 (inferred). Allocates the shape arrays, so prefer the fixed-rank forms on hot paths. */
    public static Tensor apply(Tape tape, Tensor x, int[] shape) {
        int[] s = resolve(x, shape);
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        return record(tape, x, ws.view(xc, s, Shapes.contiguousStrides(s), xc.offset()));
    }

    private static Tensor record(Tape tape, Tensor x, Tensor y) {
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    private static void checkSize(Tensor x, long size, int d0, int d1, int d2, int d3) {
        if (size != x.size() || d0 < 0 || d1 < 0 || d2 < -1 || d3 < -1) {
            int[] to = d3 >= 0 ? new int[] {d0, d1, d2, d3} : d2 >= 0 ? new int[] {d0, d1, d2} : new int[] {d0, d1};
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shapeString() + " (" + x.size() + " elements) to " + Shapes.toString(to));
        }
    }

    private static int[] resolve(Tensor x, int[] shape) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: bad target shape " + Shapes.toString(shape) + " for " + x.shapeString());
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0 && known > 0 && x.size() % known == 0) {
            s[infer] = (int) (x.size() / known);
            known *= s[infer];
        }
        if (known != x.size() || (infer >= 0 && s[infer] < 0)) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shapeString() + " (" + x.size() + " elements) to " + Shapes.toString(shape));
        }
        return s;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor dy = n.out.grad, dx = tape.grad(n.a);
        Elementwise.add(dx.segment(), dx.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), OpSupport.length(dy));
    }

    @Override
    public String name() {
        return "reshape";
    }
}
