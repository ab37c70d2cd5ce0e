package dev.mako.classic;

import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Gemm;
import dev.mako.tensor.Tensor;

/** The one computation all three learners share: the net input z = x·w + b of every sample. */
final class Linear {
    private Linear() {}

    /** z [n] = x [n, f] · w [f] + b, with x contiguous. */
    static void netInput(Tensor x, Tensor w, float b, Tensor z) {
        int n = x.dim(0), f = x.dim(1);
        Gemm.sgemm(false, false, n, 1, f, 1f, x.segment(), x.offset(), f, w.segment(), w.offset(), 1,
                0f, z.segment(), z.offset(), 1);
        if (b != 0f) Elementwise.addScalar(z.segment(), z.offset(), b, z.segment(), z.offset(), n);
    }

    /** gw [f] = xᵀ [f, n] · e [n] — the gradient of a per-sample linear loss with respect to w. */
    static void transposedTimes(Tensor x, Tensor e, Tensor gw) {
        int n = x.dim(0), f = x.dim(1);
        Gemm.sgemm(true, false, f, 1, n, 1f, x.segment(), x.offset(), f, e.segment(), e.offset(), 1,
                0f, gw.segment(), gw.offset(), 1);
    }
}
