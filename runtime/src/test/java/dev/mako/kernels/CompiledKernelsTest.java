package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.assertExact;
import static dev.mako.kernels.KernelTesting.clear;
import static dev.mako.kernels.KernelTesting.put;
import static dev.mako.kernels.KernelTesting.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kernel called on random short lengths and offsets until the JIT's optimising compiler
 * has compiled it, and some more, each result checked. The other kernel tests call a kernel a
 * handful of times, which exercises the Vector API's plain-Java implementation; only optimised
 * code uses the SIMD intrinsics (masked tails included), and this test reaches it.
 */
class CompiledKernelsTest {
    private static final int MAX_N = 80, MAX_OFFSET = 8, MORE_CALLS = 3000;
    private static final String K = "dev.mako.kernels.";
    private static final JitWatch JIT = JitWatch.get();

    private final KernelTesting mem = new KernelTesting();
    private final SplittableRandom rnd = new SplittableRandom(2024);
    private final MemorySegment bufA = mem.buffer(MAX_N + MAX_OFFSET), bufB = mem.buffer(MAX_N + MAX_OFFSET);
    private final MemorySegment bufC = mem.buffer(MAX_N + MAX_OFFSET), bufD = mem.buffer(MAX_N + MAX_OFFSET);

    @AfterEach
    void close() {
        mem.close();
    }

    private interface Case {
        void check(int n, int ao, int bo, int co);
    }

    private void fuzz(Case c, String... kernels) {
        JIT.callUntilOptimised(() -> c.check(rnd.nextInt(MAX_N), rnd.nextInt(MAX_OFFSET), rnd.nextInt(MAX_OFFSET), rnd.nextInt(MAX_OFFSET)),
                MORE_CALLS, kernels);
    }

    /** The documented bound of blocked float sums, relative to the sum of magnitudes. */
    private static double sumTolerance(float[] x, float[] y, boolean products) {
        double mag = 0;
        for (int i = 0; i < x.length; i++) mag += Math.abs(products ? (double) x[i] * y[i] : x[i]);
        return KernelTesting.blockedSumBound() * mag + 1e-30;
    }

    private float[] data(int n) {
        return KernelTesting.random(rnd.nextLong(), n, -4, 4);
    }

    /** A representative set: plain, NaN-aware and fused ops, scalar operands on both sides, fill. */
    @Test
    void elementwise() {
        fuzz((n, ao, bo, co) -> {
            float[] a = data(n), b = data(n);
            MemorySegment sa = put(bufA, a, ao), sb = put(bufB, b, bo), sc = clear(bufC);
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.DIV, BinaryOp.MAX}) {
                Elementwise.binary(op, sa, ao, sb, bo, sc, co, n);
                assertExact(ScalarKernels.binary(op, a, b), read(sc, co, n), op.toString());
            }
            Elementwise.binaryScalar(BinaryOp.MAX, sa, ao, 1.5f, sc, co, n);
            assertExact(ScalarKernels.binaryScalar(BinaryOp.MAX, a, 1.5f), read(sc, co, n), "max with scalar right");
            Elementwise.scalarBinary(BinaryOp.DIV, -2.5f, sb, bo, sc, co, n);
            assertExact(ScalarKernels.scalarBinary(BinaryOp.DIV, -2.5f, b), read(sc, co, n), "div with scalar left");
            Elementwise.fill(sc, co, n, 7f);
            assertExact(ScalarKernels.binaryScalar(BinaryOp.MAX, new float[n], 7f), read(sc, co, n), "fill");
            KernelTesting.assertGuardsIntact(sc, co, n);
            MemorySegment sy = put(bufD, b, co);
            Elementwise.axpy(0.5f, sa, ao, sy, co, n);
            assertClose(ScalarKernels.axpy(0.5f, a, b), read(sy, co, n), 0, 2e-6, "axpy");
            put(sy, b, co);
            Elementwise.mulAdd(sa, ao, sa, ao, sy, co, n);
            assertClose(ScalarKernels.mulAdd(a, a, b), read(sy, co, n), 0, 4e-6, "mulAdd");
            KernelTesting.assertGuardsIntact(sy, co, n);
        }, K + "Elementwise::add", K + "Elementwise::div", K + "Elementwise::max", K + "Elementwise::maxScalar",
                K + "Elementwise::scalarDiv", K + "Elementwise::fill", K + "Elementwise::axpy", K + "Elementwise::mulAdd");
    }

    @Test
    void activations() {
        fuzz((n, ao, bo, co) -> {
            float[] x = data(n), dy = data(n), dxIn = data(n);
            MemorySegment sx = put(bufA, x, ao), sdy = put(bufB, dy, bo), out = clear(bufC);
            for (Activation f : Activation.values()) {
                Activations.forward(f, 0.1f, sx, ao, out, co, n);
                float[] y = ScalarKernels.forward(f, 0.1f, x);
                assertClose(y, read(out, co, n), 1e-6, 0, f.toString());
                MemorySegment sy = put(bufD, y, ao);
                Activations.backward(f, 0.1f, sy, ao, sdy, bo, out, co, n, false);
                assertClose(ScalarKernels.backward(f, 0.1f, y, dy, null), read(out, co, n), 1e-6, 1e-6, f + " backward");
                MemorySegment sdx = put(bufC, dxIn, co);
                Activations.backward(f, 0.1f, sy, ao, sdy, bo, sdx, co, n, true);
                assertClose(ScalarKernels.backward(f, 0.1f, y, dy, dxIn), read(sdx, co, n), 1e-6, 1e-6, f + " accumulating backward");
                clear(out);
            }
            Activations.exp(sx, ao, out, co, n);
            assertClose(ScalarKernels.exp(x), read(out, co, n), 3e-7, 0, "exp");
            float[] p = ScalarKernels.exp(x);
            MemorySegment sp = put(bufB, p, bo);
            Activations.log(sp, bo, out, co, n);
            assertClose(ScalarKernels.log(p), read(out, co, n), 3e-7, 1e-7, "log");
            Activations.sqrt(sp, bo, out, co, n);
            assertExact(ScalarKernels.sqrt(p), read(out, co, n), "sqrt");
            KernelTesting.assertGuardsIntact(out, co, n);
        }, K + "Activations::forward", K + "Activations::backward", K + "Activations::exp", K + "Activations::log", K + "Activations::sqrt");
    }

    @Test
    void reductions() {
        fuzz((n, ao, bo, co) -> {
            float[] x = data(n), y = data(n);
            if (n > 0 && (n & 3) == 1) x[n / 2] = Float.NaN;
            MemorySegment sx = put(bufA, x, ao), sy = put(bufB, y, bo);
            assertEquals(ScalarKernels.max(x), Reductions.max(sx, ao, n), "max");
            assertEquals(ScalarKernels.argmax(x), Reductions.argmax(sx, ao, n), "argmax");
            x = data(n);
            put(sx, x, ao);
            assertEquals(ScalarKernels.sum(x), Reductions.sum(sx, ao, n), sumTolerance(x, x, false), "sum");
            assertEquals(ScalarKernels.dot(x, y), Reductions.dot(sx, ao, sy, bo, n), sumTolerance(x, y, true), "dot");

            int len = 1 + rnd.nextInt(5), inner = n / len, m = inner;
            float[] xs = java.util.Arrays.copyOf(x, len * inner);
            MemorySegment sxs = put(bufC, xs, ao), out = clear(bufD);
            Reductions.sumAxis(sxs, ao, 1, len, inner, out, co, false);
            assertClose(ScalarKernels.sumAxis(xs, 1, len, inner, null), read(out, co, m), 1e-6, 1e-6, "sumAxis");
            Reductions.maxAxis(sxs, ao, 1, len, inner, out, co);
            assertExact(ScalarKernels.maxAxis(xs, 1, len, inner), read(out, co, m), "maxAxis");
            int[] idx = new int[m];
            Reductions.argmaxAxis(sxs, ao, 1, len, inner, idx);
            assertArrayEquals(ScalarKernels.argmaxAxis(xs, 1, len, inner), idx, "argmaxAxis");
            KernelTesting.assertGuardsIntact(out, co, m);
        }, K + "Reductions::max", K + "Reductions::argmax", K + "Reductions::sumToDouble", K + "Reductions::dotToDouble",
                K + "Reductions::sumAxis", K + "Reductions::maxAxis", K + "Reductions::argmaxAxis");
    }

    @Test
    void softmax() {
        fuzz((n, ao, bo, co) -> {
            int rows = 1 + rnd.nextInt(3), cols = n / rows, size = rows * cols;
            float[] x = data(size), dy = data(size);
            MemorySegment sx = put(bufA, x, ao), out = clear(bufC);
            Softmax.softmaxRows(sx, ao, out, co, rows, cols);
            float[] y = ScalarKernels.softmaxRows(x, rows, cols);
            assertClose(y, read(out, co, size), 2e-6, 1e-9, "softmax");
            Softmax.logSoftmaxRows(sx, ao, out, co, rows, cols);
            assertClose(ScalarKernels.logSoftmaxRows(x, rows, cols), read(out, co, size), 1e-6, 2e-6, "logSoftmax");
            MemorySegment sy = put(bufB, y, ao), sdy = put(bufD, dy, bo);
            Softmax.softmaxBackwardRows(sy, ao, sdy, bo, out, co, rows, cols, false);
            assertClose(ScalarKernels.softmaxBackwardRows(y, dy, null, rows, cols), read(out, co, size), 1e-5, 1e-6, "softmax backward");
            KernelTesting.assertGuardsIntact(out, co, size);
        }, K + "Softmax::softmaxRows", K + "Softmax::logSoftmaxRows", K + "Softmax::softmaxBackwardRows");
    }

    /** Optimised kernels allocate nothing: vectors stay in registers, the walker reuses its index. */
    @Test
    void optimisedKernelsDoNotAllocate() {
        int n = 37, rows = 3, cols = 10;
        MemorySegment a = put(bufA, data(MAX_N), 0), b = put(bufB, data(MAX_N), 0), c = clear(bufC);
        int[] idx = new int[MAX_N];
        int[] shape = {3, 4};
        long[] rowStrides = {4, 1}, broadcastRow = {0, 1}, transposed = {1, 3};
        Runnable kernels = () -> {
            Elementwise.add(a, 1, b, 2, c, 3, n);
            Elementwise.maxScalar(a, 1, 0f, c, 3, n);
            Elementwise.axpy(0.5f, a, 1, c, 3, n);
            Activations.forward(Activation.SIGMOID, 0, a, 1, c, 3, n);
            Activations.backward(Activation.RELU, 0, a, 1, b, 2, c, 3, n, true);
            Reductions.sum(a, 1, n);
            Reductions.argmax(a, 1, n);
            Reductions.sumAxis(a, 1, 1, 3, 12, c, 3, false);
            Reductions.argmaxAxis(a, 1, 1, 3, 12, idx);
            Softmax.softmaxRows(a, 1, c, 3, rows, cols);
            Broadcast.binary(BinaryOp.ADD, shape, a, 1, rowStrides, b, 2, broadcastRow, c, 3, rowStrides);
            Broadcast.copy(shape, a, 1, transposed, c, 3, rowStrides);
        };
        JIT.callUntilOptimised(kernels, 1000, K + "Elementwise::add", K + "Elementwise::maxScalar", K + "Elementwise::axpy",
                K + "Activations::forward", K + "Activations::backward", K + "Reductions::sumToDouble", K + "Reductions::argmax",
                K + "Reductions::sumAxis", K + "Reductions::argmaxAxis", K + "Softmax::softmaxRows", K + "Broadcast::binary",
                K + "Broadcast::copy");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) kernels.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 1000 rounds of optimised kernel calls");
    }
}
