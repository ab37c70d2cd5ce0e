package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.tensor.AllocationMeter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Once warm, column sums (a bias gradient: rows × filters summed over rows) allocate nothing.
 * When they widened floats to double vectors, 64 columns cost 384 bytes a call and 200 columns
 * 1152, and 3 × 12 after the other kernels had run 4800: the conversions went through generic
 * code whose calls C2 bound by profile, and the vectors stayed boxed.
 */
class ReductionsAllocationTest {
    /** Columns: under a vector, one and two vectors, whole groups, groups and a tail. */
    private static final int[] INNER = {6, 12, 16, 64, 200, 1000};

    @Test
    void warmColumnSumsAllocateNothing() {
        int len = 640;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(4L * len * 1000 + 64, 64), out = arena.allocate(4L * 1000 + 64, 64);
            double perRound = AllocationMeter.steadyStateBytesPerIteration(20, 60, () -> {
                for (int inner : INNER) {
                    Reductions.sumAxis(x, 1, 1, len, inner, out, 3, false);
                    Reductions.sumAxis(x, 1, 1, len, inner, out, 3, true);
                }
            });
            assertEquals(0, perRound, 0.99, "bytes allocated per warm round of column sums");
        }
    }
}
