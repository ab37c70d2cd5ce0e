package dev.mako.blas;

import java.util.Locale;
import java.util.Set;

/**
 * OpenBLAS core types (its names for kernel sets) and the one its run-time detection picks for a
 * CPU. {@code OPENBLAS_CORETYPE} overrides the detection; environments that export
 * {@code OPENBLAS_CORETYPE=Haswell} on an AVX-512 machine run GEMM at about half speed, which
 * Mako reports instead of letting it pass silently.
 *
 * <p>The detection below follows OpenBLAS's DYNAMIC_ARCH rules for x86-64 from the CPU flags:
 * AVX-512 with AMX-BF16 → SapphireRapids (Intel), AVX-512 with BF16 → Cooperlake, AVX-512
 * (F, BW, DQ, VL) → SkylakeX, AVX2 → Zen on AMD and Haswell otherwise, AVX → Sandybridge.
 */
public final class CoreTypes {
    private CoreTypes() {}

    /** The core type OpenBLAS would detect for {@code cpu} when {@code OPENBLAS_CORETYPE} is unset. */
    public static String autoDetected(CpuInfo cpu) {
        Set<String> f = cpu.flags();
        boolean amd = cpu.vendor().equals("AuthenticAMD") || cpu.vendor().equals("HygonGenuine");
        boolean avx512 = f.contains("avx512f") && f.contains("avx512bw") && f.contains("avx512dq") && f.contains("avx512vl");
        if (avx512 && !amd && f.contains("amx_bf16") && f.contains("avx512_bf16")) return "SapphireRapids";
        if (avx512 && f.contains("avx512_bf16")) return "Cooperlake";
        if (avx512) return "SkylakeX";
        if (f.contains("avx2") && f.contains("fma")) return amd ? "Zen" : "Haswell";
        if (f.contains("avx")) return "Sandybridge";
        if (f.isEmpty()) return "unknown";
        return "Nehalem";
    }

    /** Widest SIMD the core type's kernels use: 3 = AVX-512, 2 = AVX2, 1 = AVX, 0 = older or unknown. */
    public static int simdTier(String coreType) {
        return switch (coreType.toLowerCase(Locale.ROOT)) {
            case "sapphirerapids", "cooperlake", "skylakex" -> 3;
            case "haswell", "zen" -> 2;
            case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator" -> 1;
            default -> 0;
        };
    }

    /** True when {@code inForce} uses narrower SIMD kernels than {@code detected} (so GEMM is slower). */
    public static boolean isSlower(String inForce, String detected) {
        return simdTier(inForce) < simdTier(detected);
    }

    /** Vector width in bits of a tier, for messages. */
    static int simdBits(int tier) {
        return switch (tier) {
            case 3 -> 512;
            case 2, 1 -> 256;
            default -> 128;
        };
    }
}
