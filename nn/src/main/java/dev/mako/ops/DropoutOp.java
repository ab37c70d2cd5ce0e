package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.DropoutMask;
import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout. In training each element is kept with probability 1 − rate and scaled by
 * 1/(1 − rate), so the expected activation is unchanged and evaluation needs no rescaling; in
 * evaluation (or at rate 0) the input is returned as it is. The mask (0 or the scale) is keyed
 * by one draw from the caller's generator — a layer owns a seeded one — and saved: dx = dy ⊙ mask.
 */
public final class DropoutOp implements Op {
    static final DropoutOp INSTANCE = new DropoutOp();

    private DropoutOp() {}

    public static Tensor apply(Tape tape, Tensor x, float rate, RandomGenerator random, boolean training) {
        if (!(rate >= 0f && rate <= 1f)) throw new IllegalArgumentException("dropout: rate must be in [0, 1], got " + rate + " for input " + x.shapeString());
        if (!training || rate == 0f) return x;
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int len = OpSupport.length(x);
        Tensor mask = ws.allocateLike(x);
        fillMask(mask.segment(), mask.offset(), len, rate, random);
        Tensor y = ws.allocateLike(x);
        Elementwise.mul(xc.segment(), xc.offset(), mask.segment(), mask.offset(), y.segment(), y.offset(), len);
        if (tape.needsGrad(x)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.saved0 = mask;
        }
        return y;
    }

    /** One draw from the caller's generator keys the whole mask ({@link DropoutMask}). */
    private static void fillMask(MemorySegment m, long off, int n, float rate, RandomGenerator random) {
        float keep = 1f - rate;
        DropoutMask.fill(m, off, n, keep, keep > 0f ? 1f / keep : 0f, random.nextLong());
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor mask = n.saved0, dy = n.out.grad, dx = tape.grad(n.a);
        Elementwise.mulAdd(dy.segment(), dy.offset(), mask.segment(), mask.offset(), dx.segment(), dx.offset(), OpSupport.length(dy));
    }

    @Override
    public String name() {
        return "dropout";
    }
}
