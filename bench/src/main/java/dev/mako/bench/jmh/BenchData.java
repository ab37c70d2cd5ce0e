package dev.mako.bench.jmh;

import dev.mako.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Inputs of the JMH benchmarks: off-heap floats from a fixed seed, and shapes written
 * {@code 32x128}.
 *
 * <p>Segments start on 4 KiB boundaries. When an output starts 64–128 bytes past an input modulo
 * 4 KiB (as back-to-back allocations can), loads falsely wait on earlier stores ("4K aliasing"):
 * an elementwise add of 16384 floats measured 69 instead of 110 GB/s. Page alignment keeps that
 * effect out of the figures.
 */
final class BenchData {
    private BenchData() {}

    static final long PAGE = 4096;

    /** {@code floats} zeros. */
    static MemorySegment zeros(Arena arena, long floats) {
        return arena.allocate(floats * Float.BYTES, PAGE);
    }

    /** {@code floats} values uniform in [lo, hi). */
    static MemorySegment random(Arena arena, long floats, long seed, float lo, float hi) {
        MemorySegment s = zeros(arena, floats);
        fill(s, 0, floats, seed, lo, hi);
        return s;
    }

    /** A contiguous tensor filled uniform in [lo, hi); returns it. */
    static Tensor random(Tensor t, long seed, float lo, float hi) {
        fill(t.segment(), t.offset(), t.size(), seed, lo, hi);
        return t;
    }

    private static void fill(MemorySegment s, long offset, long floats, long seed, float lo, float hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < floats; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, offset + i, (float) (lo + (hi - lo) * rnd.nextDouble()));
    }

    /** "32x128" → {32, 128}. */
    static int[] dims(String shape) {
        String[] parts = shape.split("x");
        int[] d = new int[parts.length];
        for (int i = 0; i < d.length; i++) d[i] = Integer.parseInt(parts[i]);
        return d;
    }
}
