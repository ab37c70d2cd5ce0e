package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.assertExact;
import static dev.mako.kernels.KernelTesting.assertGuardsIntact;
import static dev.mako.kernels.KernelTesting.random;
import static dev.mako.kernels.KernelTesting.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReductionsTest {
    private static final double SUM_BOUND = KernelTesting.blockedSumBound();

    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    private static double sumAbs(float[] x) {
        double s = 0;
        for (float v : x) s += Math.abs(v);
        return s;
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void sumDotAndSumOfSquares(int n) {
        float[] x = random(40, n, -1, 1), y = random(41, n, -1, 1);
        MemorySegment sx = mem.place(x, 3), sy = mem.place(y, 1);
        assertEquals(ScalarKernels.sum(x), Reductions.sum(sx, 3, n), SUM_BOUND * sumAbs(x) + 1e-30, "sum n=" + n);
        float[] xy = ScalarKernels.binary(BinaryOp.MUL, x, y);
        assertEquals(ScalarKernels.dot(x, y), Reductions.dot(sx, 3, sy, 1, n), SUM_BOUND * sumAbs(xy) + 1e-30, "dot n=" + n);
        float[] xx = ScalarKernels.binary(BinaryOp.MUL, x, x);
        assertEquals(ScalarKernels.dot(x, x), Reductions.sumOfSquares(sx, 3, n), SUM_BOUND * sumAbs(xx) + 1e-30, "sumOfSquares n=" + n);
    }

    @Test
    void longSumsStayAccurate() {
        int n = 1_000_003;
        float[] x = random(42, n, 0, 1); // all positive: the hard case for a single float accumulator
        MemorySegment sx = mem.place(x, 0);
        double exact = ScalarKernels.sum(x);
        double err = Math.abs(Reductions.sum(sx, 0, n) - exact) / exact;
        assertTrue(err < 1e-6, "relative error " + err + " summing " + n + " positive floats");
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void maxAndArgmax(int n) {
        float[] x = random(43, n, -5, 5);
        MemorySegment sx = mem.place(x, 2);
        assertEquals(ScalarKernels.max(x), Reductions.max(sx, 2, n), 0, "max n=" + n);
        assertEquals(ScalarKernels.argmax(x), Reductions.argmax(sx, 2, n), "argmax n=" + n);
    }

    @Test
    void maxPropagatesNaNWhileArgmaxSkipsIt() {
        for (int n : new int[] {5, 16, 17, 40}) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                float[] x = random(44, n, -5, 5);
                x[at] = Float.NaN;
                MemorySegment sx = mem.place(x, 1);
                assertTrue(Float.isNaN(Reductions.max(sx, 1, n)), "max with NaN at " + at + " of " + n);
                assertEquals(ScalarKernels.argmax(x), Reductions.argmax(sx, 1, n), "argmax with NaN at " + at + " of " + n);
            }
        }
    }

    @Test
    void argmaxTiesAndDegenerateRows() {
        float[] ties = {1, 3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 7, 7};
        assertEquals(18, Reductions.argmax(mem.place(ties, 0), 0, ties.length), "first of the largest");
        float ninf = Float.NEGATIVE_INFINITY, nan = Float.NaN;
        assertEquals(0, Reductions.argmax(mem.place(new float[] {ninf, ninf, ninf}, 0), 0, 3), "all -inf");
        assertEquals(0, Reductions.argmax(mem.place(new float[] {nan, nan}, 0), 0, 2), "all NaN");
        assertEquals(2, Reductions.argmax(mem.place(new float[] {nan, ninf, -1e38f}, 0), 0, 3), "NaN skipped");
        assertEquals(0, Reductions.argmax(mem.place(new float[0], 0), 0, 0), "empty");
        assertEquals(Float.NEGATIVE_INFINITY, Reductions.max(mem.place(new float[0], 0), 0, 0), "max of nothing");
        float[] zeros = new float[33];
        zeros[20] = -0f;
        assertEquals(0, Reductions.argmax(mem.place(zeros, 0), 0, zeros.length), "signed zeros tie");
    }

    /**
     * [outer, len, inner] views: inner == 1 (row reductions) and inner > 1 (column reductions):
     * rows that tile whole vectors (6, 12, 16, 24, 48 columns), with rows left after the last
     * whole step and with more steps than one float block; groups of four vectors with a tail.
     */
    private static final int[][] AXIS_SHAPES = {
        {1, 1, 1}, {1, 17, 1}, {3, 1025, 1}, {2, 5, 3}, {1, 32, 128}, {4, 7, 17}, {2, 33, 31}, {1, 3, 4099}, {3, 0, 5}, {2, 0, 1}, {0, 4, 4},
        {1, 13, 6}, {2, 1001, 6}, {1, 3, 12}, {1, 517, 16}, {3, 9, 24}, {1, 70, 48}, {1, 200, 64}, {2, 130, 200}, {1, 2, 1000}
    };

    @Test
    void axisReductions() {
        for (int[] shape : AXIS_SHAPES) {
            int outer = shape[0], len = shape[1], inner = shape[2], n = outer * len * inner, m = outer * inner;
            String what = "[" + outer + ", " + len + ", " + inner + "]";
            float[] x = random(45, n, -2, 2), start = random(46, m, -1, 1);
            MemorySegment sx = mem.place(x, 3);

            MemorySegment out = mem.output(m, 2);
            Reductions.sumAxis(sx, 3, outer, len, inner, out, 2, false);
            assertClose(ScalarKernels.sumAxis(x, outer, len, inner, null), read(out, 2, m), 1e-6, 2e-6 * Math.sqrt(len), "sumAxis " + what);
            assertGuardsIntact(out, 2, m);

            out = mem.place(start, 2);
            Reductions.sumAxis(sx, 3, outer, len, inner, out, 2, true);
            assertClose(ScalarKernels.sumAxis(x, outer, len, inner, start), read(out, 2, m), 1e-6, 2e-6 * Math.sqrt(len), "accumulating sumAxis " + what);
            assertGuardsIntact(out, 2, m);

            out = mem.output(m, 1);
            Reductions.meanAxis(sx, 3, outer, len, inner, out, 1);
            assertClose(ScalarKernels.meanAxis(x, outer, len, inner), read(out, 1, m), 1e-6, 2e-6, "meanAxis " + what);

            Reductions.maxAxis(sx, 3, outer, len, inner, out, 1);
            assertExact(ScalarKernels.maxAxis(x, outer, len, inner), read(out, 1, m), "maxAxis " + what);
            assertGuardsIntact(out, 1, m);

            int[] idx = new int[m];
            Reductions.argmaxAxis(sx, 3, outer, len, inner, idx);
            assertArrayEquals(ScalarKernels.argmaxAxis(x, outer, len, inner), idx, "argmaxAxis " + what);
        }
    }

    @Test
    void columnReductionsWithNaN() {
        int len = 6, inner = 19;
        float[] x = random(47, len * inner, -2, 2);
        x[3 * inner + 4] = Float.NaN;
        x[0 * inner + 18] = Float.NaN;
        MemorySegment sx = mem.place(x, 0), out = mem.output(inner, 0);
        Reductions.maxAxis(sx, 0, 1, len, inner, out, 0);
        assertExact(ScalarKernels.maxAxis(x, 1, len, inner), read(out, 0, inner), "maxAxis propagates NaN");
        int[] idx = new int[inner];
        Reductions.argmaxAxis(sx, 0, 1, len, inner, idx);
        assertArrayEquals(ScalarKernels.argmaxAxis(x, 1, len, inner), idx, "argmaxAxis skips NaN");
    }
}
