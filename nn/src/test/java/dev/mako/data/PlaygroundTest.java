package dev.mako.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.TensorStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlaygroundTest {
    private final TensorStore store = new TensorStore("playground test");

    @AfterEach
    void close() {
        store.close();
    }

    private static int ones(float[] y) {
        int c = 0;
        for (float v : y) c += v == 1f ? 1 : 0;
        return c;
    }

    @Test
    void shapesLabelsAndOwner() {
        for (String name : Playground.NAMES.split(", ")) {
            Playground.Data d = Playground.byName(name, store, 201, 0.1, 7);
            assertTrue(d.x().sameShape(201, 2), name);
            assertTrue(d.y().sameShape(201), name);
            assertEquals(201, d.size());
            assertSame(store, d.x().owner());
            for (float v : d.y().toArray()) assertTrue(v == 0f || v == 1f, name + " label " + v);
        }
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        for (String name : Playground.NAMES.split(", ")) {
            float[] a = Playground.byName(name, store, 100, 0.2, 1).x().toArray();
            float[] b = Playground.byName(name, store, 100, 0.2, 1).x().toArray();
            float[] c = Playground.byName(name, store, 100, 0.2, 2).x().toArray();
            assertArrayEquals(a, b, name);
            assertFalse(Arrays.equals(a, c), name);
        }
    }

    @Test
    void circleWithoutNoiseIsADiscInsideARing() {
        Playground.Data d = Playground.circle(store, 500, 0, 3);
        float[] x = d.x().toArray(), y = d.y().toArray();
        assertEquals(250, ones(y));
        for (int i = 0; i < y.length; i++) {
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            if (y[i] == 1f) assertTrue(r < 2.5 + 1e-5, "inner point at radius " + r);
            else assertTrue(r >= 3.5 - 1e-5 && r <= 5 + 1e-5, "outer point at radius " + r);
        }
    }

    @Test
    void circleNoiseMislabelsSomePointsButNotMost() {
        Playground.Data d = Playground.circle(store, 1000, 0.3, 3);
        float[] x = d.x().toArray(), y = d.y().toArray();
        int wrong = 0;
        for (int i = 0; i < y.length; i++) {
            boolean inside = Math.hypot(x[2 * i], x[2 * i + 1]) < 2.5;
            if (inside != (y[i] == 1f)) wrong++;
        }
        assertTrue(wrong > 20 && wrong < 400, wrong + " mislabelled points");
    }

    @Test
    void xorWithoutNoiseIsQuadrants() {
        Playground.Data d = Playground.xor(store, 400, 0, 5);
        float[] x = d.x().toArray(), y = d.y().toArray();
        for (int i = 0; i < y.length; i++) {
            float a = x[2 * i], b = x[2 * i + 1];
            assertTrue(Math.abs(a) >= 0.3f && Math.abs(b) >= 0.3f && Math.abs(a) <= 5.3f && Math.abs(b) <= 5.3f);
            assertEquals(a * b >= 0 ? 1f : 0f, y[i]);
        }
        int n1 = ones(y);
        assertTrue(n1 > 150 && n1 < 250, n1 + " of 400 in class 1");
    }

    @Test
    void gaussianBlobsSitAtPlusAndMinusTwo() {
        Playground.Data d = Playground.gaussian(store, 2000, 0, 9);
        float[] x = d.x().toArray(), y = d.y().toArray();
        assertEquals(1000, ones(y));
        double[] sum = new double[4];
        double var = 0;
        for (int i = 0; i < y.length; i++) {
            int k = y[i] == 1f ? 0 : 2;
            sum[k] += x[2 * i];
            sum[k + 1] += x[2 * i + 1];
            double c = y[i] == 1f ? 2 : -2;
            var += (x[2 * i] - c) * (x[2 * i] - c);
        }
        assertEquals(2, sum[0] / 1000, 0.1);
        assertEquals(2, sum[1] / 1000, 0.1);
        assertEquals(-2, sum[2] / 1000, 0.1);
        assertEquals(-2, sum[3] / 1000, 0.1);
        assertEquals(0.5, var / 2000, 0.05); // noise 0 → variance 0.5
        float[] noisy = Playground.gaussian(store, 2000, 0.5, 9).x().toArray();
        double spread = 0;
        for (float v : noisy) spread += v * v;
        assertTrue(spread / noisy.length > 4 + 3, "noise 0.5 → variance 4 around ±2");
    }

    @Test
    void spiralsStayWithinRadiusFiveAndAreTurnedByHalfARevolution() {
        Playground.Data d = Playground.spiral(store, 300, 0, 4);
        float[] x = d.x().toArray(), y = d.y().toArray();
        assertEquals(150, ones(y));
        for (int i = 0; i < y.length; i++) assertTrue(Math.hypot(x[2 * i], x[2 * i + 1]) <= 5 + 1e-5);
        // without noise, every point of one spiral mirrored through the origin lies on the other
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 1f) continue;
            boolean found = false;
            for (int j = 0; j < y.length && !found; j++) {
                found = y[j] == 0f && Math.abs(x[2 * j] + x[2 * i]) < 1e-4 && Math.abs(x[2 * j + 1] + x[2 * i + 1]) < 1e-4;
            }
            assertTrue(found, "point " + i + " has no mirror image on the other spiral");
        }
    }

    @Test
    void shuffledSoThatTheTailHoldsBothClasses() {
        for (String name : new String[] {"circle", "gaussian", "spiral"}) {
            float[] y = Playground.byName(name, store, 1000, 0, 11).y().toArray();
            int tail = ones(Arrays.copyOfRange(y, 800, 1000));
            assertTrue(tail > 60 && tail < 140, name + ": " + tail + " of the last 200 in class 1");
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> Playground.circle(store, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Playground.xor(store, 10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Playground.spiral(store, 10, Double.NaN, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Playground.byName("moons", store, 10, 0, 1));
        assertTrue(e.getMessage().contains("moons") && e.getMessage().contains("spiral"));
    }
}
