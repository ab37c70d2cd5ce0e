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
}
