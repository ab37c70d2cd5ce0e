package dev.mako.bench;

import dev.mako.blas.OpenBlas;
import dev.mako.kernels.GemmDispatch;

/** One line saying which BLAS and OpenBLAS core type Mako runs with, for benchmark headers. */
final class MakoSide {
    private MakoSide() {}

    static String blasLine() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return "GEMM dispatch " + GemmDispatch.mode().label() + "; " + OpenBlas.choiceLine()
                + "; OPENBLAS_CORETYPE=" + (core == null ? "(unset)" : core);
    }
}
