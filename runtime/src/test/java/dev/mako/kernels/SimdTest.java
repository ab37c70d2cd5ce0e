package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimdTest {
    @Test
    void switchFollowsTheSystemProperty() {
        boolean expected = !"false".equalsIgnoreCase(System.getProperty("mako.simd", "true"));
        assertEquals(expected, Simd.enabled(), Simd.describe());
        assertTrue(Integer.bitCount(Simd.lanes()) == 1, "lanes are a power of two: " + Simd.lanes());
    }
}
