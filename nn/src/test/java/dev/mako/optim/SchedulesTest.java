package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each schedule's value at a few iterations, computed by hand. */
class SchedulesTest {
    private static final double EPS = 1e-12;

    @Test
    void exponentialDecay() {
        var s = Schedules.exponentialDecay(0.1, 10, 0.5);
        assertEquals(0.1, s.at(0), EPS);
        assertEquals(0.1 * Math.sqrt(0.5), s.at(5), EPS);
        assertEquals(0.05, s.at(10), EPS);
        assertEquals(0.1 * Math.pow(0.5, 2.5), s.at(25), EPS);
    }

    @Test
    void stepDecayIsAStaircase() {
        var s = Schedules.stepDecay(0.1, 10, 0.5);
        assertEquals(0.1, s.at(0), EPS);
        assertEquals(0.1, s.at(9), EPS);
        assertEquals(0.05, s.at(10), EPS);
        assertEquals(0.025, s.at(25), EPS);
    }

    @Test
    void piecewiseConstantBoundariesAreInclusiveUpperEnds() {
        var s = Schedules.piecewiseConstant(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
        assertEquals(1.0, s.at(0), EPS);
        assertEquals(1.0, s.at(10), EPS);
        assertEquals(0.5, s.at(11), EPS);
        assertEquals(0.5, s.at(20), EPS);
        assertEquals(0.1, s.at(21), EPS);
        assertEquals(0.1, s.at(1_000_000), EPS);
    }

    @Test
    void cosineDecay() {
        var s = Schedules.cosineDecay(1.0, 100, 0.1);
        assertEquals(1.0, s.at(0), EPS);
        // halfway: cos(π/2) = 0 → c = ½ → 0.9·½ + 0.1
        assertEquals(0.55, s.at(50), EPS);
        assertEquals(0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)) + 0.1, s.at(25), EPS);
        assertEquals(0.1, s.at(100), EPS);
        assertEquals(0.1, s.at(150), EPS);
    }

    @Test
    void cosineDecayWithWarmup() {
        var s = Schedules.cosineDecay(0.0, 100, 0.0, 1.0, 10);
        assertEquals(0.0, s.at(0), EPS);
        assertEquals(0.5, s.at(5), EPS);
        assertEquals(1.0, s.at(10), EPS);
        assertEquals(0.5, s.at(60), EPS);
        assertEquals(0.0, s.at(110), EPS);
        assertEquals(0.0, s.at(500), EPS);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Schedules.exponentialDecay(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedules.exponentialDecay(-0.1, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedules.piecewiseConstant(new long[] {10}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Schedules.piecewiseConstant(new long[] {10, 10}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Schedules.cosineDecay(0.1, 10, 1.5));
    }

    @Test
    void serialisationRoundTrips() {
        LearningRateSchedule[] all = {
            Schedules.exponentialDecay(0.1, 10, 0.5),
            Schedules.stepDecay(0.1, 10, 0.5),
            Schedules.piecewiseConstant(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1}),
            Schedules.cosineDecay(1.0, 100, 0.1),
            Schedules.cosineDecay(0.0, 100, 0.0, 1.0, 10),
        };
        for (LearningRateSchedule s : all) {
            var back = Schedules.deserialize(Schedules.serialize(s));
            assertEquals(s, back);
            assertEquals(s.config(), back.config());
        }
    }
}
