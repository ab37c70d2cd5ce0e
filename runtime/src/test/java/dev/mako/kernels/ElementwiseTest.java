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

class ElementwiseTest {
    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void binaryOpsMatchScalarExactly(int n) {
        float[] a = random(1, n, -3, 3), b = random(2, n, 0.5f, 4);
        MemorySegment sa = mem.place(a, 3), sb = mem.place(b, 5);
        for (BinaryOp op : BinaryOp.values()) {
            MemorySegment sc = mem.output(n, 1);
            Elementwise.binary(op, sa, 3, sb, 5, sc, 1, n);
            assertExact(ScalarKernels.binary(op, a, b), read(sc, 1, n), op + " n=" + n);
            assertGuardsIntact(sc, 1, n);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void namedBinaryKernelsAgreeWithTheirOps(int n) {
        float[] a = random(3, n, -3, 3), b = random(4, n, 0.5f, 4);
        MemorySegment sa = mem.place(a, 2), sb = mem.place(b, 0), sc = mem.output(n, 4);
        Elementwise.add(sa, 2, sb, 0, sc, 4, n);
        assertExact(ScalarKernels.binary(BinaryOp.ADD, a, b), read(sc, 4, n), "add");
        Elementwise.sub(sa, 2, sb, 0, sc, 4, n);
        assertExact(ScalarKernels.binary(BinaryOp.SUB, a, b), read(sc, 4, n), "sub");
        Elementwise.mul(sa, 2, sb, 0, sc, 4, n);
        assertExact(ScalarKernels.binary(BinaryOp.MUL, a, b), read(sc, 4, n), "mul");
        Elementwise.div(sa, 2, sb, 0, sc, 4, n);
        assertExact(ScalarKernels.binary(BinaryOp.DIV, a, b), read(sc, 4, n), "div");
        Elementwise.max(sa, 2, sb, 0, sc, 4, n);
        assertExact(ScalarKernels.binary(BinaryOp.MAX, a, b), read(sc, 4, n), "max");
        assertGuardsIntact(sc, 4, n);
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void scalarOperandOnEitherSide(int n) {
        float[] a = random(5, n, -3, 3);
        float s = 1.75f;
        MemorySegment sa = mem.place(a, 7);
        for (BinaryOp op : BinaryOp.values()) {
            MemorySegment sc = mem.output(n, 3);
            Elementwise.binaryScalar(op, sa, 7, s, sc, 3, n);
            assertExact(ScalarKernels.binaryScalar(op, a, s), read(sc, 3, n), op + " with scalar right, n=" + n);
            Elementwise.scalarBinary(op, s, sa, 7, sc, 3, n);
            assertExact(ScalarKernels.scalarBinary(op, s, a), read(sc, 3, n), op + " with scalar left, n=" + n);
            assertGuardsIntact(sc, 3, n);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void multiplyAddsMatchWithinOneRounding(int n) {
        float[] x = random(6, n, -1, 1), y = random(7, n, -1, 1), z = random(8, n, -1, 1);
        MemorySegment sx = mem.place(x, 1);
        MemorySegment sy = mem.place(y, 9);
        Elementwise.axpy(0.37f, sx, 1, sy, 9, n);
        assertClose(ScalarKernels.axpy(0.37f, x, y), read(sy, 9, n), 0, 3e-7, "axpy n=" + n);
        assertGuardsIntact(sy, 9, n);

        sy = mem.place(y, 2);
        Elementwise.axpby(-1.5f, sx, 1, 0.9f, sy, 2, n);
        assertClose(ScalarKernels.axpby(-1.5f, x, 0.9f, y), read(sy, 2, n), 0, 5e-7, "axpby n=" + n);
        assertGuardsIntact(sy, 2, n);

        MemorySegment sz = mem.place(z, 4);
        MemorySegment syy = mem.place(y, 6);
        Elementwise.mulAdd(sx, 1, syy, 6, sz, 4, n);
        assertClose(ScalarKernels.mulAdd(x, y, z), read(sz, 4, n), 0, 3e-7, "mulAdd n=" + n);
        assertGuardsIntact(sz, 4, n);
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void fillAndCopy(int n) {
        MemorySegment s = mem.output(n, 5);
        Elementwise.fill(s, 5, n, -2.5f);
        float[] expected = new float[n];
        java.util.Arrays.fill(expected, -2.5f);
        assertExact(expected, read(s, 5, n), "fill");
        assertGuardsIntact(s, 5, n);

        float[] x = random(9, n, -1, 1);
        MemorySegment src = mem.place(x, 3), dst = mem.output(n, 8);
        Elementwise.copy(src, 3, dst, 8, n);
        assertExact(x, read(dst, 8, n), "copy");
        assertGuardsIntact(dst, 8, n);
    }

    @ParameterizedTest
    @MethodSource("dev.mako.kernels.KernelTesting#sizes")
    void outputMayAliasAnInput(int n) {
        float[] a = random(10, n, -2, 2), b = random(11, n, -2, 2);
        MemorySegment sa = mem.place(a, 3), sb = mem.place(b, 1);
        Elementwise.mul(sa, 3, sb, 1, sa, 3, n);
        assertExact(ScalarKernels.binary(BinaryOp.MUL, a, b), read(sa, 3, n), "a = a * b");
        sa = mem.place(a, 3);
        Elementwise.sub(sa, 3, sb, 1, sb, 1, n);
        assertExact(ScalarKernels.binary(BinaryOp.SUB, a, b), read(sb, 1, n), "b = a - b");
        sa = mem.place(a, 3);
        Elementwise.mulScalar(sa, 3, 3f, sa, 3, n);
        assertExact(ScalarKernels.binaryScalar(BinaryOp.MUL, a, 3f), read(sa, 3, n), "a = 3a");
        assertGuardsIntact(sa, 3, n);
    }

    @Test
    void rowBroadcasts() {
        int[][] shapes = {{1, 1}, {3, 17}, {5, 1}, {4, 33}, {2, 16}, {7, 10}, {32, 128}};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1];
            float[] a = random(12, rows * cols, -2, 2), b = random(13, cols, -2, 2);
            MemorySegment sa = mem.place(a, 1), sb = mem.place(b, 2), sc = mem.output(rows * cols, 3);
            Elementwise.addRow(sa, 1, sb, 2, sc, 3, rows, cols);
            assertExact(ScalarKernels.rowBroadcast(BinaryOp.ADD, a, b, rows, cols), read(sc, 3, rows * cols), "addRow " + rows + "x" + cols);
            Elementwise.mulRow(sa, 1, sb, 2, sc, 3, rows, cols);
            assertExact(ScalarKernels.rowBroadcast(BinaryOp.MUL, a, b, rows, cols), read(sc, 3, rows * cols), "mulRow " + rows + "x" + cols);
            assertGuardsIntact(sc, 3, rows * cols);
            Elementwise.addRow(sa, 1, sb, 2, sa, 1, rows, cols); // in place, as a bias add does
            assertExact(ScalarKernels.rowBroadcast(BinaryOp.ADD, a, b, rows, cols), read(sa, 1, rows * cols), "addRow in place");
        }
    }

    @Test
    void maxPropagatesNaNAndOrdersSignedZeros() {
        float nan = Float.NaN;
        float[] a = {nan, 1, nan, -0f, 0f, Float.NEGATIVE_INFINITY, 2, -1, 5, nan, 0, 0, 0, 0, 0, 0, 0, 3, -0f};
        float[] b = {1, nan, nan, 0f, -0f, -1, Float.POSITIVE_INFINITY, -2, nan, 0, 0, 0, 0, 0, 0, 0, 0, nan, -0f};
        int n = a.length;
        MemorySegment sa = mem.place(a, 0), sb = mem.place(b, 0), sc = mem.output(n, 0);
        Elementwise.max(sa, 0, sb, 0, sc, 0, n);
        float[] c = read(sc, 0, n);
        assertExact(ScalarKernels.binary(BinaryOp.MAX, a, b), c, "max");
        assertExact(new float[] {0f}, new float[] {c[3]}, "max(-0, 0)");
        assertExact(new float[] {nan}, new float[] {c[17]}, "max(3, NaN) in the tail");
        Elementwise.maxScalar(sa, 0, 0f, sc, 0, n);
        assertExact(ScalarKernels.binaryScalar(BinaryOp.MAX, a, 0f), read(sc, 0, n), "max(a, 0)");
    }
}
