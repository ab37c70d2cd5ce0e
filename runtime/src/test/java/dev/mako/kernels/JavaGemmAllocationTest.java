package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.tensor.AllocationMeter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Once warm, JavaGemm allocates nothing on the heap of the calling thread, on every path. */
class JavaGemmAllocationTest {
    /** m, n, k, transA, transB: direct, streamed and packed paths, edges, and a size that uses the pool. */
    private static final int[][] SHAPES = {
        {32, 128, 784, 0, 0}, {784, 128, 32, 1, 0}, {32, 784, 128, 0, 1}, {32, 10, 64, 0, 0},
        {1, 128, 784, 0, 0}, {67, 45, 300, 1, 1}, {300, 300, 300, 0, 0},
        {512, 64, 288, 0, 0}, {1100, 128, 64, 0, 1}, {64, 64, 4000, 1, 0}, // GemmStreamA: A, B transposed, A transposed
    };

    @Test
    void warmCallsAllocateNothing() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(784L * 784 * Float.BYTES, 64);
            MemorySegment b = arena.allocate(784L * 784 * Float.BYTES, 64);
            MemorySegment c = arena.allocate(784L * 784 * Float.BYTES, 64);
            // Windows of 20 rounds until the JIT has compiled every path (later on a loaded machine).
            double perRound = AllocationMeter.steadyStateBytesPerIteration(20, 60, () -> runAll(a, b, c));
            assertEquals(0, perRound, 0.99, "bytes allocated per warm round of sgemm calls");
        }
    }

    private static void runAll(MemorySegment a, MemorySegment b, MemorySegment c) {
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1, tb = s[4] == 1;
            JavaGemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.5f, c, 0, n);
        }
    }
}
