package dev.mako.kernels;

import dev.mako.blas.OpenBlas;
import dev.mako.parallel.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GemmCalibrationTest {
    @Test
    void measuresEveryShapeWithinTheTimeBudget() {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS found: " + OpenBlas.library().why());
        assertTrue(Parallel.tryClaim());
        List<GemmTiming> timings;
        long t0 = System.nanoTime();
        try {
            GemmCalibration.Result result = GemmCalibration.measure(GemmCalibration.Budget.QUICK);
            assertTrue(result.othersShare() >= -1 && result.othersShare() <= 1, "share " + result.othersShare());
            timings = result.timings();
        } finally {
            Parallel.releaseClaim();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // On a busy machine the deadline may leave the most expensive shapes out, never the cheapest.
        assertTrue(!timings.isEmpty(), "no shape measured");
        assertEquals(GemmCalibration.SHAPES.subList(0, timings.size()), timings.stream().map(GemmTiming::shape).toList());
        for (GemmTiming t : timings) {
            assertTrue(t.javaGflops() > 0 && Double.isFinite(t.javaGflops()), t.toString());
            assertTrue(t.openBlasGflops() > 0 && Double.isFinite(t.openBlasGflops()), t.toString());
        }
        // The deadline is checked before every batch; the last call may overrun it a little.
        assertTrue(ms < 1_500, "calibration took " + ms + " ms");
    }
}
