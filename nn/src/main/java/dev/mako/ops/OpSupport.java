package dev.mako.ops;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.ValueLayout;

/** Small helpers the ops share: step-scoped contiguous copies, single-element access, shape-built allocation. */
final class OpSupport {
    private OpSupport() {}

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * {@code x} itself when contiguous, else a contiguous copy in the step's workspace. (Tensor's own
     * {@code contiguous()} copies into x's owner, which for a parameter would be the long-lived store.)
     */
    static Tensor contiguous(Workspace ws, Tensor x) {
        return x.isContiguous() ? x : ws.allocateLike(x).copyFrom(x);
    }

    /** Element {@code i} (in storage order from the offset) of a contiguous tensor. */
    static float read(Tensor t, long i) {
        return t.segment().getAtIndex(F32, t.offset() + i);
    }

    static void write(Tensor t, long i, float v) {
        t.segment().setAtIndex(F32, t.offset() + i, v);
    }

    /** The single value of a one-element tensor (a scalar loss, or its gradient). */
    static float scalarValue(Tensor t) {
        return read(t, 0);
    }

    /** A rank-0 tensor holding {@code v}. */
    static Tensor scalar(Workspace ws, float v) {
        Tensor s = ws.scalar();
        write(s, 0, v);
        return s;
    }

    /** Uninitialised tensor of {@code x}'s shape without dimension {@code axis} (already normalised). */
    static Tensor allocateWithout(Workspace ws, Tensor x, int axis) {
        int r = x.rank() - 1;
        int d0 = dimSkipping(x, axis, 0), d1 = dimSkipping(x, axis, 1), d2 = dimSkipping(x, axis, 2), d3 = dimSkipping(x, axis, 3);
        return switch (r) {
            case 0 -> ws.scalar();
            case 1 -> ws.allocate(d0);
            case 2 -> ws.allocate(d0, d1);
            case 3 -> ws.allocate(d0, d1, d2);
            case 4 -> ws.allocate(d0, d1, d2, d3);
            default -> {
                int[] s = new int[r];
                for (int i = 0; i < r; i++) s[i] = dimSkipping(x, axis, i);
                yield ws.allocate(s);
            }
        };
    }

    private static int dimSkipping(Tensor x, int axis, int i) {
        int j = i < axis ? i : i + 1;
        return j < x.rank() ? x.dim(j) : 0;
    }

    /** Normalises a possibly negative axis, or throws naming the shape. */
    static int axis(String op, Tensor x, int axis) {
        int a = axis < 0 ? x.rank() + axis : axis;
        if (a < 0 || a >= x.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for " + x.shapeString());
        }
        return a;
    }

    /** Product of dimensions {@code [from, to)}. */
    static int span(Tensor x, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= x.dim(i);
        return n;
    }

    /** Checks that the element count fits the int lengths the kernels take. */
    static int length(Tensor x) {
        if (x.size() > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor " + x.shapeString() + " too large for one kernel call");
        return (int) x.size();
    }
}
