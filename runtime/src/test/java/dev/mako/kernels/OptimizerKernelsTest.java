package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fused update against its scalar reference, over three steps, on sizes around the vector width. */
class OptimizerKernelsTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Operands sit at an odd element offset so that no access is vector-aligned by luck. */
    private static final long OFF = 3;
    private static final int STEPS = 3;

    private Arena arena;
    private SplittableRandom random;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        random = new SplittableRandom(42);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void sgd(int n) {
        float[] p = values(n, 1), g = values(n, 1);
        MemorySegment ps = segment(p), gs = segment(g);
        for (int t = 0; t < STEPS; t++) {
            OptimizerKernelsReference.sgd(p, g, 0.1f, 0.99f);
            OptimizerKernels.sgd(ps, OFF, gs, OFF, n, 0.1f, 0.99f);
        }
        assertClose(p, ps);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void momentum(int n) {
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] p = values(n, 1), g = values(n, 1), v = values(n, 0.1f);
            MemorySegment ps = segment(p), gs = segment(g), vs = segment(v);
            for (int t = 0; t < STEPS; t++) {
                OptimizerKernelsReference.momentum(p, g, v, 0.01f, 0.9f, nesterov, 1f);
                OptimizerKernels.momentum(ps, OFF, gs, OFF, vs, OFF, n, 0.01f, 0.9f, nesterov, 1f);
            }
            assertClose(p, ps);
            assertClose(v, vs);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void adagrad(int n) {
        float[] p = values(n, 1), g = values(n, 1), a = positives(n);
        MemorySegment ps = segment(p), gs = segment(g), as = segment(a);
        for (int t = 0; t < STEPS; t++) {
            OptimizerKernelsReference.adagrad(p, g, a, 0.01f, 1e-7f, 0.999f);
            OptimizerKernels.adagrad(ps, OFF, gs, OFF, as, OFF, n, 0.01f, 1e-7f, 0.999f);
        }
        assertClose(p, ps);
        assertClose(a, as);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void rmsprop(int n) {
        float[] p = values(n, 1), g = values(n, 1), s = positives(n);
        MemorySegment ps = segment(p), gs = segment(g), ss = segment(s);
        for (int t = 0; t < STEPS; t++) {
            OptimizerKernelsReference.rmsprop(p, g, s, 0.001f, 0.9f, 1e-7f, 1f);
            OptimizerKernels.rmsprop(ps, OFF, gs, OFF, ss, OFF, n, 0.001f, 0.9f, 1e-7f, 1f);
        }
        assertClose(p, ps);
        assertClose(s, ss);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void adam(int n) {
        float[] p = values(n, 1), g = values(n, 1), m = values(n, 0.1f), v = positives(n);
        MemorySegment ps = segment(p), gs = segment(g), ms = segment(m), vs = segment(v);
        for (int t = 0; t < STEPS; t++) {
            OptimizerKernelsReference.adam(p, g, m, v, 0.0003f, 0.9f, 0.999f, 1e-7f, 0.9996f);
            OptimizerKernels.adam(ps, OFF, gs, OFF, ms, OFF, vs, OFF, n, 0.0003f, 0.9f, 0.999f, 1e-7f, 0.9996f);
        }
        assertClose(p, ps);
        assertClose(m, ms);
        assertClose(v, vs);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void clipByValue(int n) {
        float[] x = values(n, 3);
        MemorySegment xs = segment(x);
        OptimizerKernelsReference.clipByValue(x, 0.5f);
        OptimizerKernels.clipByValue(xs, OFF, n, 0.5f);
        assertClose(x, xs);
        for (int i = 0; i < n; i++) assertTrue(Math.abs(xs.getAtIndex(F, OFF + i)) <= 0.5f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 1023})
    void scale(int n) {
        float[] x = values(n, 3);
        MemorySegment xs = segment(x);
        OptimizerKernelsReference.scale(x, 0.37f);
        OptimizerKernels.scale(xs, OFF, n, 0.37f);
        assertClose(x, xs);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 1023})
    void clipByValueKeepsNaN(int n) {
        float[] x = values(n, 3);
        x[n - 1] = Float.NaN;
        x[0] = Float.NaN;
        MemorySegment xs = segment(x);
        OptimizerKernels.clipByValue(xs, OFF, n, 0.5f);
        assertTrue(Float.isNaN(xs.getAtIndex(F, OFF)));
        assertTrue(Float.isNaN(xs.getAtIndex(F, OFF + n - 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 1023})
    void kernelsLeaveNeighboursAlone(int n) {
        float[] p = values(n, 1), g = values(n, 1);
        MemorySegment ps = segment(p), gs = segment(g);
        ps.setAtIndex(F, OFF - 1, 7f);
        ps.setAtIndex(F, OFF + n, 9f);
        OptimizerKernels.sgd(ps, OFF, gs, OFF, n, 0.1f, 1f);
        assertEquals(7f, ps.getAtIndex(F, OFF - 1));
        assertEquals(9f, ps.getAtIndex(F, OFF + n));
    }

    private float[] values(int n, float range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextDouble(-range, range);
        return a;
    }

    private float[] positives(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextDouble(0, 1);
        return a;
    }

    /** Off-heap copy of {@code a} starting at element {@link #OFF}, with one spare element after it. */
    private MemorySegment segment(float[] a) {
        MemorySegment s = arena.allocate((a.length + OFF + 1) * 4L, 64);
        MemorySegment.copy(a, 0, s, F, OFF * 4, a.length);
        return s;
    }

    /** The vector body and the scalar tail evaluate the reference expression in the same order: equal to within an ulp. */
    private static void assertClose(float[] expected, MemorySegment actual) {
        for (int i = 0; i < expected.length; i++) {
            float a = actual.getAtIndex(F, OFF + i);
            assertEquals(expected[i], a, Math.ulp(expected[i]), "element " + i + " of " + expected.length);
        }
    }
}
