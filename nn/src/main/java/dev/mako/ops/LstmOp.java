package dev.mako.ops;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Gemm;
import dev.mako.kernels.RecurrentCells;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * LSTM over a whole sequence, one node. Gates packed i, f, c, o (Keras order): kernel W [F, 4u],
 * recurrent kernel U [u, 4u], bias [4u] (or null). z = x_t·W + b + h_{t−1}·U; i, f, o = σ,
 * g = tanh; c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t). See {@link RecurrentOp} for the scheme.
 */
public final class LstmOp extends RecurrentOp {
    static final LstmOp INSTANCE = new LstmOp();

    private LstmOp() {}

    /**
     * x [B, T, F] → h_T [B, u], or every h_t as [B, T, u] with {@code returnSequences}. {@code h0}
     * and {@code c0} [B, u] are the initial states (null: zeros).
     */
    public static Tensor apply(Tape tape, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0,
                               boolean returnSequences) {
        return INSTANCE.forward(tape, x, kernel, recurrentKernel, bias, h0, c0, Activation.TANH, 0f, returnSequences);
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    boolean hasCellState() {
        return true;
    }

    @Override
    void forwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units, w = 4 * u;
        MemorySegment seg = s.seg;
        for (int t = 0; t < s.steps; t++) {
            long z = s.at(s.g, t, r0, w);
            Gemm.sgemm(false, false, rows, w, u, 1f, seg, s.at(s.h, t, r0, u), u, s.u, s.uOff, w, 1f, seg, z, w);
            RecurrentCells.lstmForward(seg, z, seg, s.at(s.c, t, r0, u), seg, s.at(s.c, t + 1, r0, u), seg, s.at(s.tc, t, r0, u),
                    seg, s.at(s.h, t + 1, r0, u), rows, u);
        }
    }

    @Override
    void backwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units, w = 4 * u;
        MemorySegment seg = s.seg;
        long dhRec = s.dhRecOff + (long) r0 * u, dc = s.dcOff + (long) r0 * u;
        for (int t = s.steps - 1; t >= 0; t--) {
            long dz = s.at(s.g, t, r0, w), dy = s.dyAt(t, r0);
            RecurrentCells.lstmBackward(seg, dz, seg, s.at(s.c, t, r0, u), seg, s.at(s.tc, t, r0, u), dy < 0 ? null : s.dy, dy, s.dyStride(),
                    s.dhRec, dhRec, s.dc, dc, rows, u);
            if (t > 0 || s.needH0Grad) {
                Gemm.sgemm(false, true, rows, u, w, 1f, seg, dz, w, s.u, s.uOff, w, 0f, s.dhRec, dhRec, u);
            }
        }
    }

    @Override
    public String name() {
        return "lstm";
    }
}
