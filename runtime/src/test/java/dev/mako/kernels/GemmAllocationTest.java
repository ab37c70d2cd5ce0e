package dev.mako.kernels;

import dev.mako.blas.OpenBlas;
import dev.mako.parallel.Parallel;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Once warmed up, a GEMM call allocates nothing on the Java heap, whichever route it takes. */
class GemmAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int WARM_UP = 20_000, MEASURED = 5_000;
    private static final long MAX_WARM_UP_MILLIS = 20_000;

    private interface Call {
        void run(MemorySegment a, MemorySegment b, MemorySegment c);
    }

    /**
     * Bytes allocated by this thread per call once the JIT has compiled the path: warm-up rounds
     * of {@value #WARM_UP} calls until a round of {@value #MEASURED} allocates under a byte per call, for at most
     * {@value #MAX_WARM_UP_MILLIS} ms (Vector API code allocates until C2 has compiled it, and a
     * busy machine delays compilation). Returns the last round's figure.
     */
    private static double bytesPerCall(Call call) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(4L * 180 * 180), b = arena.allocate(4L * 180 * 180), c = arena.allocate(4L * 180 * 180);
            long end = System.nanoTime() + MAX_WARM_UP_MILLIS * 1_000_000;
            double perCall;
            do {
                for (int i = 0; i < WARM_UP; i++) call.run(a, b, c);
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < MEASURED; i++) call.run(a, b, c);
                perCall = (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / MEASURED;
            } while (perCall >= 1 && System.nanoTime() < end);
            return perCall;
        }
    }

    @Test
    void dispatchAllocatesNothingPerCall() {
        try (var pin = PinnedDispatch.javaEverywhere()) {
            dispatchOutsideThePool();
        }
        try (var pin = PinnedDispatch.openBlasEverywhere()) {
            dispatchOutsideThePool();
        }
    }

    private static void dispatchOutsideThePool() {
        int[][] shapes = {{4, 4, 4}, {17, 9, 13}, {32, 10, 64}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            String backend = GemmDispatch.backendFor(m, n, k);
            double plain = bytesPerCall((a, b, c) -> Gemm.sgemm(false, false, m, n, k, 1f, a, 3, k, b, 1, n, 0f, c, 2, n));
            double transposed = bytesPerCall((a, b, c) -> Gemm.sgemm(true, true, m, n, k, 0.5f, a, 0, m, b, 0, k, 1f, c, 0, n));
            assertTrue(plain < 1 && transposed < 1,
                    m + "x" + n + "x" + k + " via " + backend + ": " + plain + " and " + transposed + " bytes per call");
        }
    }

    @Test
    void dispatchInsideAPoolTaskAllocatesNothingPerCall() {
        try (var pin = PinnedDispatch.javaEverywhere()) {
            dispatchInsideAPoolTask();
        }
        try (var pin = PinnedDispatch.openBlasEverywhere()) {
            dispatchInsideAPoolTask();
        }
    }

    private static void dispatchInsideAPoolTask() {
        int[][] shapes = {{4, 4, 4}, {32, 64, 64}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            double[] bytes = new double[1];
            // The whole measurement runs in the caller's share of one parallel call.
            Parallel.forRange(Parallel.threads(), 1, (start, end) -> {
                if (start == 0) bytes[0] = bytesPerCall((a, b, c) -> Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
            });
            assertTrue(bytes[0] < 1, m + "x" + n + "x" + k + " in a task via " + GemmDispatch.backendInTaskFor(m, n, k) + ": " + bytes[0] + " bytes per call");
        }
    }

    @Test
    void theOpenBlasRouteAllocatesNothingPerCall() {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS found: " + OpenBlas.library().why());
        // A critical-downcall size and two larger ones.
        try (var pin = PinnedDispatch.openBlasEverywhere()) {
            for (int size : new int[] {8, 64, 176}) {
                double bytes = bytesPerCall((a, b, c) -> Gemm.sgemm(false, true, size, size, size, 1f, a, 1, size, b, 2, size, 0f, c, 3, size));
                assertTrue(bytes < 1, size + "^3 via " + GemmDispatch.backendFor(size, size, size) + ": " + bytes + " bytes per call");
            }
        }
    }
}
