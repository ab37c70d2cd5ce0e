package dev.mako.tensor;

import java.lang.management.ManagementFactory;

/** Bytes allocated on the Java heap by the current thread, for zero-garbage tests. */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Average bytes allocated per run of {@code body} over {@code iterations} runs, after {@code warmup} runs. */
    public static double bytesPerIteration(int warmup, int iterations, Runnable body) {
        for (int i = 0; i < warmup; i++) body.run();
        long before = allocatedBytes();
        for (int i = 0; i < iterations; i++) body.run();
        return (double) (allocatedBytes() - before) / iterations;
    }

    /**
     * Bytes per run of {@code body} once the JIT has settled: runs windows of {@code window}
     * iterations (at most {@code maxWindows}) and returns the lowest window average, stopping at
     * the first window under one byte per run. Compilation finishes at a different moment on a
     * loaded machine, so a fixed warm-up count either wastes time or measures the interpreter;
     * a steady state that still allocates shows up in every window and fails the caller's bound.
     */
    public static double steadyStateBytesPerIteration(int window, int maxWindows, Runnable body) {
        double best = Double.MAX_VALUE;
        for (int w = 0; w < maxWindows; w++) {
            long before = allocatedBytes();
            for (int i = 0; i < window; i++) body.run();
            best = Math.min(best, (double) (allocatedBytes() - before) / window);
            if (best < 1) break;
        }
        return best;
    }
}
