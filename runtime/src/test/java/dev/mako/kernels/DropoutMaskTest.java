package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The counter-based dropout mask: the scalar reference bit for bit, the keep rate, independence, keys. */
class DropoutMaskTest {
    private static float[] mask(int n, float keep, float scale, long key, int offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate((n + offset) * 4L);
            DropoutMask.fill(m, offset, n, keep, scale, key);
            return KernelTesting.read(m, offset, n);
        }
    }

    @Test
    void vectorLanesMatchTheScalarHashOnOddLengths() {
        for (int n : new int[] {1, 15, 17, 1001}) {
            long key = 0x1234_5678_9abc_def0L + n;
            float[] m = mask(n, 0.7f, 1 / 0.7f, key, 3);
            for (int i = 0; i < n; i++) {
                boolean kept = (DropoutMask.hash(i, (int) key, (int) (key >>> 32)) >>> 8) < (int) (0.7f * (1 << 24));
                assertEquals(kept ? 1 / 0.7f : 0f, m[i], "element " + i + " of " + n);
            }
        }
    }

    @Test
    void keepsTheRequestedFractionIndependentlyOfNeighbours() {
        int n = 1 << 20;
        for (float keep : new float[] {0.5f, 0.9f, 0.1f}) {
            float[] m = mask(n, keep, 2f, 42, 0);
            int kept = 0, bothKept = 0;
            for (int i = 0; i < n; i++) {
                if (m[i] != 0f) kept++;
                if (i > 0 && m[i] != 0f && m[i - 1] != 0f) bothKept++;
            }
            double sigma = Math.sqrt(n * keep * (1 - keep));
            assertTrue(Math.abs(kept - n * keep) < 5 * sigma, "kept " + kept + " of " + n + " at keep " + keep);
            double pairs = (n - 1) * (double) keep * keep;
            assertTrue(Math.abs(bothKept - pairs) < 5 * Math.sqrt(pairs), "adjacent pairs kept " + bothKept + ", expected about " + pairs);
        }
    }

    @Test
    void valuesAreTheScaleOrZeroAndTheKeyChoosesTheMask() {
        float[] a = mask(4096, 0.5f, 2f, 7, 0), b = mask(4096, 0.5f, 2f, 7, 0), c = mask(4096, 0.5f, 2f, 8, 0);
        for (float v : a) assertTrue(v == 0f || v == 2f, "value " + v);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "same key, same mask");
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == c[i]) same++;
        assertNotEquals(a.length, same, "another key, another mask");
        assertTrue(Math.abs(same - a.length / 2) < 5 * Math.sqrt(a.length / 4.0), "masks of two keys agree on " + same + " of " + a.length);
    }

    @Test
    void keepOneKeepsAllAndKeepZeroDropsAll() {
        for (float v : mask(100, 1f, 1f, 3, 0)) assertEquals(1f, v);
        for (float v : mask(100, 0f, 0f, 3, 0)) assertEquals(0f, v);
        assertThrows(IllegalArgumentException.class, () -> mask(10, 1.5f, 1f, 3, 0));
    }
}
