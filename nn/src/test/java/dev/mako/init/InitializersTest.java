package dev.mako.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bounds, spread, determinism and names of every initializer, on a 200 × 300 kernel. */
class InitializersTest {
    private static final int FAN_IN = 200, FAN_OUT = 300;
    private final TensorStore store = new TensorStore("init test");

    @AfterEach
    void close() {
        store.close();
    }

    private float[] draw(Initializer init, long seed) {
        Tensor t = store.allocate(FAN_IN, FAN_OUT);
        init.initialize(t, FAN_IN, FAN_OUT, new SplittableRandom(seed));
        return t.toArray();
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Uniform in (−limit, limit), filling most of it, with the uniform's standard deviation limit/√3. */
    private void assertUniform(Initializer init, double limit) {
        float[] v = draw(init, 1);
        assertTrue(maxAbs(v) <= limit, init.name() + " exceeds its limit " + limit);
        assertTrue(maxAbs(v) > 0.99 * limit, init.name() + " does not reach near its limit");
        assertEquals(0, mean(v), 0.01 * limit, init.name() + " mean");
        assertEquals(limit / Math.sqrt(3), std(v), 0.01 * limit, init.name() + " std");
    }

    /** Truncated normal whose actual spread is {@code stddev}: nothing beyond 2σ of the underlying normal. */
    private void assertTruncated(Initializer init, double stddev) {
        float[] v = draw(init, 2);
        double sigma = stddev / VarianceScaling.TRUNCATED_STDDEV;
        assertTrue(maxAbs(v) <= 2 * sigma * (1 + 1e-6), init.name() + " has a value beyond 2σ");
        assertTrue(maxAbs(v) > 1.95 * sigma, init.name() + " looks clipped too early");
        assertEquals(0, mean(v), 0.01 * stddev, init.name() + " mean");
        assertEquals(stddev, std(v), 0.01 * stddev, init.name() + " std");
    }

    @Test
    void constants() {
        assertTrue(Arrays.equals(new float[FAN_IN * FAN_OUT], draw(Initializers.zeros(), 0)));
        for (float x : draw(Initializers.ones(), 0)) assertEquals(1f, x);
        for (float x : draw(Initializers.constant(0.25f), 0)) assertEquals(0.25f, x);
    }

    @Test
    void randomUniform() {
        assertUniform(Initializers.randomUniform(), 0.05);
        float[] v = draw(Initializers.randomUniform(2, 3), 3);
        for (float x : v) assertTrue(x >= 2 && x <= 3);
        assertEquals(2.5, mean(v), 0.01);
    }

    @Test
    void randomNormal() {
        float[] v = draw(Initializers.randomNormal(), 4);
        assertEquals(0, mean(v), 0.001);
        assertEquals(0.05, std(v), 0.001);
        assertTrue(maxAbs(v) > 0.2, "an untruncated normal of 60000 draws reaches beyond 4σ");
        v = draw(Initializers.randomNormal(1, 2), 5);
        assertEquals(1, mean(v), 0.03);
        assertEquals(2, std(v), 0.03);
    }

    @Test
    void truncatedNormalRedrawsBeyondTwoSigma() {
        float[] v = draw(Initializers.truncatedNormal(), 6);
        assertTrue(maxAbs(v) <= 0.1 + 1e-7);
        assertEquals(0.05 * VarianceScaling.TRUNCATED_STDDEV, std(v), 0.001);
        v = draw(Initializers.truncatedNormal(3, 1), 7);
        for (float x : v) assertTrue(x >= 1 - 1e-6 && x <= 5 + 1e-6);
    }

    @Test
    void glorot() {
        assertUniform(Initializers.glorotUniform(), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
        assertTruncated(Initializers.glorotNormal(), Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
    }

    @Test
    void he() {
        assertUniform(Initializers.heUniform(), Math.sqrt(6.0 / FAN_IN));
        assertTruncated(Initializers.heNormal(), Math.sqrt(2.0 / FAN_IN));
    }

    @Test
    void lecun() {
        assertUniform(Initializers.lecunUniform(), Math.sqrt(3.0 / FAN_IN));
        assertTruncated(Initializers.lecunNormal(), Math.sqrt(1.0 / FAN_IN));
    }

    @Test
    void varianceScalingModes() {
        assertUniform(Initializers.varianceScaling(2, VarianceScaling.Mode.FAN_OUT, VarianceScaling.Distribution.UNIFORM),
                Math.sqrt(6.0 / FAN_OUT));
        float[] v = draw(Initializers.varianceScaling(1, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNTRUNCATED_NORMAL), 8);
        assertEquals(Math.sqrt(1.0 / 250), std(v), 0.001);
    }

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        for (Initializer init : List.of(Initializers.glorotUniform(), Initializers.heNormal(), Initializers.randomNormal())) {
            assertArrayEquals(draw(init, 11), draw(init, 11));
            assertFalse(Arrays.equals(draw(init, 11), draw(init, 12)));
        }
    }

    @Test
    void fillsAStridedViewInRowMajorOrder() {
        Tensor base = store.zeros(4, 6);
        Tensor view = base.t(); // [6, 4], not contiguous
        Initializers.randomUniform(1, 2).initialize(view, 4, 6, new SplittableRandom(3));
        Tensor dense = store.allocate(6, 4);
        Initializers.randomUniform(1, 2).initialize(dense, 4, 6, new SplittableRandom(3));
        assertArrayEquals(dense.toArray(), view.toArray());
    }

    @Test
    void byNameAndConfigRoundTrip() {
        for (String name : Initializers.NAMES.split(", ")) {
            Initializer init = Initializers.byName(name);
            assertEquals(name, init.name());
            Initializer back = Initializers.fromConfig(init.name(), init.config());
            assertEquals(init, back);
        }
        assertEquals("glorot_uniform", Initializers.byName("GlorotUniform").name());
        assertEquals("he_normal", Initializers.byName("kaiming_normal").name());
        assertEquals("glorot_normal", Initializers.byName("xavier_normal").name());
        Initializer c = Initializers.fromConfig("random_normal", Map.of("mean", 1, "stddev", 0.5));
        assertEquals(Initializers.randomNormal(1, 0.5), c);
        var e = assertThrows(IllegalArgumentException.class, () -> Initializers.byName("orthogonal"));
        assertTrue(e.getMessage().contains("orthogonal") && e.getMessage().contains("he_normal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializers.randomUniform(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Initializers.randomNormal(0, 0));
    }

    @Test
    void allocatesNothingOnTheHeapBeyondTheTensor() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Tensor t = store.allocate(FAN_IN, FAN_OUT);
        Initializer init = Initializers.heNormal();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20; i++) init.initialize(t, FAN_IN, FAN_OUT, random);
        long before = threads.getCurrentThreadAllocatedBytes();
        init.initialize(t, FAN_IN, FAN_OUT, random);
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(bytes < 1024, "initializing 60000 elements allocated " + bytes + " bytes");
    }
}
