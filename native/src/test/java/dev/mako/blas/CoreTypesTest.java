package dev.mako.blas;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreTypesTest {
    private static CpuInfo cpu(String vendor, String flags) {
        return CpuInfo.parse(List.of(
                "processor\t: 0", "vendor_id\t: " + vendor, "cpu family\t: 25", "model\t\t: 17",
                "model name\t: Test CPU", "stepping\t: 1", "flags\t\t: " + flags, "",
                "processor\t: 1", "vendor_id\t: Other", "flags\t\t: sse"));
    }

    private static final String AVX2 = "fpu sse sse2 avx fma avx2";
    private static final String AVX512 = AVX2 + " avx512f avx512dq avx512bw avx512vl";

    @Test
    void parsesTheFirstProcessorOnly() {
        CpuInfo c = cpu("AuthenticAMD", AVX512);
        assertEquals("AuthenticAMD", c.vendor());
        assertEquals(25, c.family());
        assertEquals(17, c.model());
        assertEquals(1, c.stepping());
        assertEquals("Test CPU", c.modelName());
        assertTrue(c.flags().contains("avx512vl"));
    }

    @Test
    void detectsLikeOpenBlas() {
        assertEquals("Cooperlake", CoreTypes.autoDetected(cpu("AuthenticAMD", AVX512 + " avx512_bf16")));
        assertEquals("SkylakeX", CoreTypes.autoDetected(cpu("GenuineIntel", AVX512)));
        assertEquals("SapphireRapids", CoreTypes.autoDetected(cpu("GenuineIntel", AVX512 + " avx512_bf16 amx_bf16 amx_tile")));
        assertEquals("Haswell", CoreTypes.autoDetected(cpu("GenuineIntel", AVX2)));
        assertEquals("Zen", CoreTypes.autoDetected(cpu("AuthenticAMD", AVX2)));
        assertEquals("Sandybridge", CoreTypes.autoDetected(cpu("GenuineIntel", "sse sse2 avx")));
    }

    @Test
    void haswellForcedOnAnAvx512MachineIsReportedAsSlower() {
        var report = new CoreTypeReport("Haswell", Optional.of("Haswell"), "Cooperlake");
        assertTrue(report.slowerThanDetected());
        String w = report.warning().orElseThrow();
        assertTrue(w.contains("OPENBLAS_CORETYPE=Haswell") && w.contains("Cooperlake") && w.contains("256") && w.contains("512"), w);
    }

    @Test
    void noWarningWhenTheKernelsAreAsWideAsDetected() {
        assertFalse(new CoreTypeReport("Cooperlake", Optional.empty(), "Cooperlake").warning().isPresent());
        assertFalse(new CoreTypeReport("SkylakeX", Optional.of("SkylakeX"), "Cooperlake").slowerThanDetected());
        assertFalse(new CoreTypeReport("Zen", Optional.of("zen"), "Haswell").slowerThanDetected());
    }
}
