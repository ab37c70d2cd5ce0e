package dev.mako.bench;

import java.util.Arrays;

/** Percentiles of recorded call durations in nanoseconds. Record into a preallocated array; sort once at the end. */
public final class Latency {
    private final long[] nanos;
    private int count;

    public Latency(int capacity) {
        nanos = new long[capacity];
    }

    /** Records one duration; silently ignored past capacity (the measured loop must not allocate or throw). */
    public void record(long durationNanos) {
        if (count < nanos.length) {
            nanos[count++] = durationNanos;
            isSorted = false;
        }
    }

    public int count() {
        return count;
    }

    /** The q-quantile (0..1) in microseconds, by the nearest-rank-below rule used by the PyTorch side. */
    public double quantileMicros(double q) {
        if (count == 0) return Double.NaN;
        long[] s = sorted();
        return s[Math.min(count - 1, (int) (q * count))] / 1e3;
    }

    public double maxMicros() {
        return count == 0 ? Double.NaN : sorted()[count - 1] / 1e3;
    }

    /** Appends every recorded duration to {@code into}. */
    public void copyInto(Latency into) {
        for (int i = 0; i < count; i++) into.record(nanos[i]);
    }

    public long totalNanos() {
        long t = 0;
        for (int i = 0; i < count; i++) t += nanos[i];
        return t;
    }

    private boolean isSorted;

    private long[] sorted() {
        if (!isSorted) {
            Arrays.sort(nanos, 0, count);
            isSorted = true;
        }
        return nanos;
    }
}
