package dev.mako.ops;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Gemm;
import dev.mako.kernels.RecurrentCells;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * SimpleRNN over a whole sequence, one node: h_t = f(x_t·W + b + h_{t−1}·U) with kernel W [F, u],
 * recurrent kernel U [u, u], bias b [u] (or null). See {@link RecurrentOp} for the scheme.
 */
public final class SimpleRnnOp extends RecurrentOp {
    static final SimpleRnnOp INSTANCE = new SimpleRnnOp();

    private SimpleRnnOp() {}

    /**
     * x [B, T, F] → h_T [B, u], or every h_t as [B, T, u] with {@code returnSequences}. {@code h0}
     * [B, u] is the initial state (null: zeros). {@code alpha} is the LEAKY_RELU slope.
     */
    public static Tensor apply(Tape tape, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0,
                               Activation activation, float alpha, boolean returnSequences) {
        return INSTANCE.forward(tape, x, kernel, recurrentKernel, bias, h0, null, activation, alpha, returnSequences);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    void forwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units;
        MemorySegment seg = s.seg;
        for (int t = 0; t < s.steps; t++) {
            long z = s.at(s.g, t, r0, u);
            Gemm.sgemm(false, false, rows, u, u, 1f, seg, s.at(s.h, t, r0, u), u, s.u, s.uOff, u, 1f, seg, z, u);
            RecurrentCells.simpleForward(s.activation, s.alpha, seg, z, seg, s.at(s.h, t + 1, r0, u), rows, u);
        }
    }

    @Override
    void backwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units;
        MemorySegment seg = s.seg;
        long dhRec = s.dhRecOff + (long) r0 * u;
        for (int t = s.steps - 1; t >= 0; t--) {
            long dz = s.at(s.g, t, r0, u), dy = s.dyAt(t, r0);
            RecurrentCells.simpleBackward(s.activation, s.alpha, seg, s.at(s.h, t + 1, r0, u), dy < 0 ? null : s.dy, dy, s.dyStride(),
                    s.dhRec, dhRec, seg, dz, rows, u);
            if (t > 0 || s.needH0Grad) {
                Gemm.sgemm(false, true, rows, u, u, 1f, seg, dz, u, s.u, s.uOff, u, 0f, s.dhRec, dhRec, u);
            }
        }
    }

    @Override
    public String name() {
        return "simple_rnn";
    }
}
