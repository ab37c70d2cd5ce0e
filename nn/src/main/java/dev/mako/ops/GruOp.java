package dev.mako.ops;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Gemm;
import dev.mako.kernels.RecurrentCells;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * GRU over a whole sequence, one node, with the reset gate applied after the recurrent product
 * (Keras' default {@code reset_after=True}). Gates packed z, r, h: kernel W [F, 3u], recurrent
 * kernel U [u, 3u], bias [2, 3u] (row 0 input bias, row 1 recurrent bias; or null).
 * xg = x_t·W + b_0, rg = h_{t−1}·U + b_1; z = σ(xg_z + rg_z), r = σ(xg_r + rg_r),
 * hh = tanh(xg_h + r ⊙ rg_h), h_t = z ⊙ h_{t−1} + (1 − z) ⊙ hh. See {@link RecurrentOp}.
 */
public final class GruOp extends RecurrentOp {
    static final GruOp INSTANCE = new GruOp();

    private GruOp() {}

    /**
     * x [B, T, F] → h_T [B, u], or every h_t as [B, T, u] with {@code returnSequences}. {@code h0}
     * [B, u] is the initial state (null: zeros).
     */
    public static Tensor apply(Tape tape, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0,
                               boolean returnSequences) {
        return INSTANCE.forward(tape, x, kernel, recurrentKernel, bias, h0, null, Activation.TANH, 0f, returnSequences);
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    boolean hasRecurrentBuffer() {
        return true;
    }

    @Override
    int biasRows() {
        return 2;
    }

    @Override
    void forwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units, w = 3 * u;
        MemorySegment seg = s.seg;
        for (int t = 0; t < s.steps; t++) {
            long rg = s.at(s.r, t, r0, w);
            Gemm.sgemm(false, false, rows, w, u, 1f, seg, s.at(s.h, t, r0, u), u, s.u, s.uOff, w, 0f, seg, rg, w);
            RecurrentCells.gruForward(seg, s.at(s.g, t, r0, w), seg, rg, s.rBias, s.rBiasOff, seg, s.at(s.h, t, r0, u),
                    seg, s.at(s.h, t + 1, r0, u), rows, u);
        }
    }

    @Override
    void backwardRows(SequenceBuffers s, int r0, int r1) {
        int rows = r1 - r0, u = s.units, w = 3 * u;
        MemorySegment seg = s.seg;
        long dhRec = s.dhRecOff + (long) r0 * u;
        for (int t = s.steps - 1; t >= 0; t--) {
            long rg = s.at(s.r, t, r0, w), dy = s.dyAt(t, r0);
            RecurrentCells.gruBackward(seg, s.at(s.g, t, r0, w), seg, rg, seg, s.at(s.h, t, r0, u), dy < 0 ? null : s.dy, dy, s.dyStride(),
                    s.dhRec, dhRec, rows, u);
            if (t > 0 || s.needH0Grad) {
                Gemm.sgemm(false, true, rows, u, w, 1f, seg, rg, w, s.u, s.uOff, w, 1f, s.dhRec, dhRec, u);
            }
        }
    }

    @Override
    public String name() {
        return "gru";
    }
}
