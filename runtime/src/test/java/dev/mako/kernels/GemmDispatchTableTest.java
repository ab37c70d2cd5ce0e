package dev.mako.kernels;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmDispatchTableTest {
    private static final GemmShape SMALL = GemmShape.square(16), LARGE = GemmShape.square(256);
    private static final GemmShape THIN = new GemmShape("thin", 32, 128, 784, false, false);

    @Test
    void eachCallTakesTheVerdictOfTheNearestCalibratedShape() {
        var table = GemmDispatchTable.from(List.of(
                new GemmTiming(SMALL, 20, 10, 20, 10),     // Java wins
                new GemmTiming(LARGE, 100, 200, 90, 95),   // OpenBLAS wins with all threads, not with one
                new GemmTiming(THIN, 150, 100, 60, 90)));  // Java wins with all threads, OpenBLAS with one
        assertFalse(table.prefersOpenBlas(16, 16, 16));
        assertFalse(table.prefersOpenBlas(9, 20, 12));
        assertTrue(table.prefersOpenBlas(256, 256, 256));
        assertTrue(table.prefersOpenBlas(200, 300, 260));
        assertTrue(table.prefersOpenBlas(4096, 4096, 4096), "beyond the largest square: its verdict");
        assertFalse(table.prefersOpenBlas(32, 128, 784));
        assertFalse(table.prefersOpenBlas(40, 100, 1000));
        assertTrue(table.prefersOpenBlas(Integer.MAX_VALUE, 1 << 20, 1 << 30), "huge dimensions are capped, not out of range");
    }

    @Test
    void theJavaKernelIsJudgedByItsBetterFigure() {
        // A split product timed in isolated bursts (20) is not held against the Java kernel's one-thread 95.
        var table = GemmDispatchTable.from(List.of(new GemmTiming(LARGE, 20, 90, 95, 90)));
        assertFalse(table.prefersOpenBlas(256, 256, 256));
        assertTrue(GemmDispatchTable.from(List.of(new GemmTiming(LARGE, 20, 120, 95, 120))).prefersOpenBlas(256, 256, 256));
    }

    @Test
    void openBlasNeedsAClearMarginToWin() {
        var table = GemmDispatchTable.from(List.of(new GemmTiming(LARGE, 100, 105, 100, 105)));
        assertFalse(table.prefersOpenBlas(256, 256, 256));
        double clear = 100 * GemmTiming.OPENBLAS_MARGIN + 1;
        assertTrue(GemmDispatchTable.from(List.of(new GemmTiming(LARGE, 100, clear, 100, clear))).prefersOpenBlas(256, 256, 256));
    }

    @Test
    void withoutTimingsEverythingGoesToJava() {
        assertFalse(GemmDispatchTable.allJava().prefersOpenBlas(1024, 1024, 1024));
        assertFalse(GemmDispatchTable.from(List.of()).prefersOpenBlas(1, 1, 1));
    }
}
