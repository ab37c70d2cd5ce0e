package dev.mako.blas;

import java.util.Optional;

/**
 * Which OpenBLAS kernels are in force and whether that is what auto-detection would pick.
 *
 * @param inForce      {@code openblas_get_corename()}, e.g. {@code Cooperlake}
 * @param override     the {@code OPENBLAS_CORETYPE} value, when set
 * @param autoDetected what OpenBLAS would detect on this CPU with no override
 */
public record CoreTypeReport(String inForce, Optional<String> override, String autoDetected) {

    /** True when the kernels in force use narrower SIMD than auto-detection would. */
    public boolean slowerThanDetected() {
        return CoreTypes.isSlower(inForce, autoDetected);
    }

    /** One sentence for logs and {@code ./mako info}, empty when nothing is slowed down. */
    public Optional<String> warning() {
        if (!slowerThanDetected()) return Optional.empty();
        int have = CoreTypes.simdTier(inForce), could = CoreTypes.simdTier(autoDetected);
        return Optional.of("OPENBLAS_CORETYPE=" + override.orElse("?") + " forces " + inForce + " (" + CoreTypes.simdBits(have)
                + "-bit) kernels; this CPU would get " + autoDetected + " (" + CoreTypes.simdBits(could)
                + "-bit), roughly " + CoreTypes.simdBits(could) / CoreTypes.simdBits(have) + "x faster GEMM: unset OPENBLAS_CORETYPE unless this is intended");
    }
}
