package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Test plumbing for kernels: seeded data, off-heap buffers with guard zones, float comparisons.
 *
 * <p>Data is placed at a nonzero offset inside a segment whose other floats hold a sentinel NaN
 * bit pattern; {@link #assertGuardsIntact} then proves a kernel (masked tails included) wrote
 * nothing outside its run.
 */
public final class KernelTesting implements AutoCloseable {
    /** Lengths around the vector width and its multiples, plus a longer odd one. */
    public static final int[] SIZES = {0, 1, 15, 16, 17, 31, 33, 1023, 1025, 4099};

    private static final int GUARD = 37;
    private static final int SENTINEL = 0x7fc0dead;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    private final Arena arena = Arena.ofConfined();

    public static IntStream sizes() {
        return IntStream.of(SIZES);
    }

    /**
     * Error bound of the vector path's blocked float sums relative to Σ|x|, as documented in
     * {@link Reductions}, plus two roundings for the result.
     */
    public static double blockedSumBound() {
        int acc = 4 * Simd.lanes();
        return (Reductions.BLOCK / (double) acc + Math.log(acc) / Math.log(2) + 2) * 0x1p-24;
    }

    /** Uniform values in [lo, hi) from a fixed seed. */
    public static float[] random(long seed, int n, float lo, float hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return x;
    }

    /** A segment holding {@code values} from float index {@code offset}, sentinels around them. */
    public MemorySegment place(float[] values, int offset) {
        MemorySegment s = arena.allocate((offset + values.length + GUARD) * 4L, 64);
        for (long i = 0; i < s.byteSize() / 4; i++) s.setAtIndex(I, i, SENTINEL);
        MemorySegment.copy(values, 0, s, F, offset * 4L, values.length);
        return s;
    }

    /** A reusable segment of {@code capacity} floats plus guards, for {@link #put}. */
    public MemorySegment buffer(int capacity) {
        return arena.allocate((capacity + GUARD) * 4L, 64);
    }

    /** Writes {@code values} at {@code offset} into a {@link #buffer} and sentinels everywhere else. */
    public static MemorySegment put(MemorySegment s, float[] values, int offset) {
        clear(s);
        MemorySegment.copy(values, 0, s, F, offset * 4L, values.length);
        return s;
    }

    /** Sentinels everywhere: a {@link #buffer} ready to receive output. */
    public static MemorySegment clear(MemorySegment s) {
        for (long i = 0; i < s.byteSize() / 4; i++) s.setAtIndex(I, i, SENTINEL);
        return s;
    }

    /** A segment of {@code n} sentinel floats after {@code offset}: an output buffer. */
    public MemorySegment output(int n, int offset) {
        MemorySegment s = place(new float[n], offset);
        for (int i = 0; i < n; i++) s.setAtIndex(I, offset + i, SENTINEL);
        return s;
    }

    public static float[] read(MemorySegment s, long offset, int n) {
        float[] out = new float[n];
        MemorySegment.copy(s, F, offset * 4, out, 0, n);
        return out;
    }

    /** Every float outside {@code [offset, offset + n)} still holds the sentinel. */
    public static void assertGuardsIntact(MemorySegment s, int offset, int n) {
        long total = s.byteSize() / 4;
        for (long i = 0; i < total; i++) {
            if (i >= offset && i < offset + n) continue;
            if (s.getAtIndex(I, i) != SENTINEL) fail("kernel wrote outside its run: float " + i + " of a run [" + offset + ", " + (offset + n) + ")");
        }
    }

    /** Bit-for-bit equal, except that all NaNs count as equal. */
    public static void assertExact(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " of " + expected.length + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** |actual − expected| ≤ atol + rtol·|expected|; NaN matches NaN, infinities match exactly, ±0 are equal. */
    public static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!close(expected[i], actual[i], rtol, atol)) {
                fail(what + ": element " + i + " of " + expected.length + " expected " + expected[i] + " but was " + actual[i]
                        + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    public static boolean close(double expected, double actual, double rtol, double atol) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) return Double.isNaN(expected) && Double.isNaN(actual);
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) return expected == actual;
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /** Distance in units in the last place of the float nearest {@code exact}. */
    public static double ulps(float actual, double exact) {
        float nearest = (float) exact;
        if (Float.isNaN(nearest) || Float.isInfinite(nearest)) return actual == nearest || (Float.isNaN(actual) && Float.isNaN(nearest)) ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(actual - exact) / Math.ulp(Math.max(Math.abs(nearest), Float.MIN_NORMAL));
    }

    @Override
    public void close() {
        arena.close();
    }
}
