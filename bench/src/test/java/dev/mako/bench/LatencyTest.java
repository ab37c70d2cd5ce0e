package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyTest {
    @Test
    void percentilesUseTheSameNearestRankRuleAsThePytorchSide() {
        Latency l = new Latency(1000);
        for (int i = 1000; i >= 1; i--) l.record(i * 1000L); // 1..1000 µs, recorded out of order
        assertEquals(501.0, l.quantileMicros(0.50));
        assertEquals(991.0, l.quantileMicros(0.99));
        assertEquals(1000.0, l.quantileMicros(0.999));
        assertEquals(1000.0, l.maxMicros());
        l.record(1); // full: ignored, never throws in a timed loop
        assertEquals(1000, l.count());
    }
}
