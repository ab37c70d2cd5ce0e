package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.assertExact;
import static dev.mako.kernels.KernelTesting.assertGuardsIntact;
import static dev.mako.kernels.KernelTesting.random;
import static dev.mako.kernels.KernelTesting.read;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest {
    private static final float ALPHA = 0.1f;
    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    private static boolean piecewise(Activation f) {
        return f != Activation.SIGMOID && f != Activation.TANH;
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void forwardMatchesScalar(int n) {
        float[] x = random(20, n, -6, 6);
        MemorySegment sx = mem.place(x, 3);
        for (Activation f : Activation.values()) {
            MemorySegment sy = mem.output(n, 5);
            Activations.forward(f, ALPHA, sx, 3, sy, 5, n);
            float[] expected = ScalarKernels.forward(f, ALPHA, x);
            if (piecewise(f)) assertExact(expected, read(sy, 5, n), f + " n=" + n);
            else assertClose(expected, read(sy, 5, n), 1e-6, 0, f + " n=" + n);
            assertGuardsIntact(sy, 5, n);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void forwardInPlace(int n) {
        float[] x = random(21, n, -6, 6);
        for (Activation f : Activation.values()) {
            MemorySegment s = mem.place(x, 2);
            Activations.forward(f, ALPHA, s, 2, s, 2, n);
            assertClose(ScalarKernels.forward(f, ALPHA, x), read(s, 2, n), 1e-6, 0, f + " in place, n=" + n);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void backwardMatchesScalar(int n) {
        float[] x = random(22, n, -4, 4), dy = random(23, n, -1, 1), dxIn = random(24, n, -1, 1);
        for (Activation f : Activation.values()) {
            float[] y = ScalarKernels.forward(f, ALPHA, x);
            MemorySegment sy = mem.place(y, 1), sdy = mem.place(dy, 6);
            MemorySegment sdx = mem.output(n, 4);
            Activations.backward(f, ALPHA, sy, 1, sdy, 6, sdx, 4, n, false);
            assertClose(ScalarKernels.backward(f, ALPHA, y, dy, null), read(sdx, 4, n), 1e-6, 1e-7, f + " backward n=" + n);
            assertGuardsIntact(sdx, 4, n);

            sdx = mem.place(dxIn, 4);
            Activations.backward(f, ALPHA, sy, 1, sdy, 6, sdx, 4, n, true);
            assertClose(ScalarKernels.backward(f, ALPHA, y, dy, dxIn), read(sdx, 4, n), 1e-6, 1e-7, f + " accumulating backward n=" + n);
            assertGuardsIntact(sdx, 4, n);
        }
    }

    @Test
    void nanAndSignedZeroSemantics() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        // 19 values: one full vector on 128- to 512-bit machines plus a masked tail
        float[] x = {nan, -0f, 0f, -1, 1, inf, -inf, 3, -3, 0.5f, -0.5f, 2, -2, 7, -7, 1e-3f, -1e-3f, nan, -0f};
        int n = x.length;
        MemorySegment sx = mem.place(x, 1);
        for (Activation f : Activation.values()) {
            MemorySegment sy = mem.output(n, 0);
            Activations.forward(f, ALPHA, sx, 1, sy, 0, n);
            float[] y = read(sy, 0, n);
            assertClose(ScalarKernels.forward(f, ALPHA, x), y, 1e-6, 0, f + " on special values");
            boolean nanOut = Float.isNaN(y[0]) && Float.isNaN(y[17]);
            if (f == Activation.STEP) assertExact(new float[] {0, 0}, new float[] {y[0], y[17]}, "step(NaN) = 0");
            else if (!nanOut) throw new AssertionError(f + " must propagate NaN, gave " + y[0] + " and " + y[17]);
        }
        MemorySegment sy = mem.output(n, 0);
        Activations.forward(Activation.RELU, 0, sx, 1, sy, 0, n);
        assertExact(new float[] {0f, 0f}, new float[] {read(sy, 0, n)[1], read(sy, 0, n)[18]}, "relu(-0) = +0");
    }

    @Test
    void piecewiseBackwardSelectsSoInfiniteGradientsStopAtInactiveUnits() {
        float[] y = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        float[] dy = new float[y.length];
        java.util.Arrays.fill(dy, Float.POSITIVE_INFINITY);
        dy[1] = Float.NaN;
        MemorySegment sy = mem.place(y, 0), sdy = mem.place(dy, 0), sdx = mem.output(y.length, 0);
        Activations.backward(Activation.RELU, 0, sy, 0, sdy, 0, sdx, 0, y.length, false);
        float[] dx = read(sdx, 0, y.length);
        assertExact(ScalarKernels.backward(Activation.RELU, 0, y, dy, null), dx, "relu backward");
        assertExact(new float[] {0, 0, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, new float[] {dx[0], dx[1], dx[2], dx[18]}, "selected");
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void expLogSqrtMatchScalar(int n) {
        float[] x = random(25, n, -20, 20), p = random(26, n, 1e-3f, 1e3f);
        MemorySegment sx = mem.place(x, 3), sp = mem.place(p, 1), sy = mem.output(n, 2);
        Activations.exp(sx, 3, sy, 2, n);
        assertClose(ScalarKernels.exp(x), read(sy, 2, n), 1e-6, 0, "exp n=" + n);
        Activations.log(sp, 1, sy, 2, n);
        assertClose(ScalarKernels.log(p), read(sy, 2, n), 1e-6, 1e-7, "log n=" + n);
        Activations.sqrt(sp, 1, sy, 2, n);
        assertExact(ScalarKernels.sqrt(p), read(sy, 2, n), "sqrt n=" + n);
        assertGuardsIntact(sy, 2, n);
    }
}
