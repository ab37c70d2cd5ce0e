package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertExact;
import static dev.mako.kernels.KernelTesting.random;
import static dev.mako.kernels.KernelTesting.read;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastTest {
    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    /** Row-major strides of {@code shape}. */
    private static long[] contiguous(int[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** Strides that broadcast a contiguous {@code shape} to {@code target} (0 on stretched and new dimensions). */
    private static long[] broadcastStrides(int[] shape, int[] target) {
        long[] own = contiguous(shape), st = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = lead; i < target.length; i++) st[i] = shape[i - lead] == 1 ? 0 : own[i - lead];
        return st;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private void checkBroadcast(int[] aShape, int[] bShape, int[] outShape) {
        float[] a = random(60, size(aShape), -3, 3), b = random(61, size(bShape), 0.5f, 3);
        MemorySegment sa = mem.place(a, 2), sb = mem.place(b, 5);
        int n = size(outShape);
        for (BinaryOp op : BinaryOp.values()) {
            MemorySegment sc = mem.output(n, 3);
            Broadcast.binary(op, outShape, sa, 2, broadcastStrides(aShape, outShape), sb, 5, broadcastStrides(bShape, outShape),
                    sc, 3, contiguous(outShape));
            String what = Arrays.toString(aShape) + " " + op + " " + Arrays.toString(bShape);
            assertExact(ScalarKernels.broadcast(op, a, aShape, b, bShape, outShape), read(sc, 3, n), what);
            KernelTesting.assertGuardsIntact(sc, 3, n);
        }
    }

    @Test
    void broadcastShapes() {
        checkBroadcast(new int[] {3, 1}, new int[] {1, 4}, new int[] {3, 4});
        checkBroadcast(new int[] {2, 3, 4}, new int[] {4}, new int[] {2, 3, 4});
        checkBroadcast(new int[] {}, new int[] {5, 7}, new int[] {5, 7});
        checkBroadcast(new int[] {5, 7}, new int[] {}, new int[] {5, 7});
        checkBroadcast(new int[] {1}, new int[] {1, 1}, new int[] {6, 9}); // stride 0 on both sides
        checkBroadcast(new int[] {32, 128}, new int[] {128}, new int[] {32, 128}); // a bias add
        checkBroadcast(new int[] {4, 1, 3}, new int[] {5, 1}, new int[] {4, 5, 3});
        checkBroadcast(new int[] {2, 1, 17, 1}, new int[] {3, 1, 19}, new int[] {2, 3, 17, 19});
        checkBroadcast(new int[] {2, 3, 33}, new int[] {2, 3, 33}, new int[] {2, 3, 33});
        checkBroadcast(new int[] {0, 3}, new int[] {3}, new int[] {0, 3});
        checkBroadcast(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, new int[] {3}, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 2, 3}); // rank 10
        checkBroadcast(new int[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 3}, new int[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 3}, new int[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 3});
    }

    @Test
    void transposedOperands() {
        int rows = 17, cols = 33;
        float[] a = random(62, rows * cols, -3, 3), b = random(63, rows * cols, -3, 3);
        MemorySegment sa = mem.place(a, 1), sb = mem.place(b, 0);
        // aT is a cols × rows view of a: strides (1, cols)
        int[] outShape = {cols, rows};
        float[] bT = ScalarKernels.transpose(b, rows, cols);
        MemorySegment sbT = mem.place(bT, 4), sc = mem.output(rows * cols, 2);
        Broadcast.binary(BinaryOp.SUB, outShape, sa, 1, new long[] {1, cols}, sbT, 4, contiguous(outShape), sc, 2, contiguous(outShape));
        float[] aT = ScalarKernels.transpose(a, rows, cols);
        assertExact(ScalarKernels.binary(BinaryOp.SUB, aT, bT), read(sc, 2, rows * cols), "aᵀ - bᵀ");

        // write into a transposed destination: c viewed as cols × rows with strides (1, cols)
        sc = mem.output(rows * cols, 2);
        Broadcast.binary(BinaryOp.ADD, outShape, sa, 1, new long[] {1, cols}, sb, 0, new long[] {1, cols}, sc, 2, new long[] {1, cols});
        assertExact(ScalarKernels.binary(BinaryOp.ADD, a, b), read(sc, 2, rows * cols), "(aᵀ + bᵀ) stored transposed is a + b");
    }

    @Test
    void copyMakesViewsContiguous() {
        int rows = 19, cols = 37;
        float[] a = random(64, rows * cols, -3, 3);
        MemorySegment sa = mem.place(a, 3);

        MemorySegment dst = mem.output(rows * cols, 1);
        Broadcast.copy(new int[] {cols, rows}, sa, 3, new long[] {1, cols}, dst, 1, new long[] {rows, 1});
        assertExact(ScalarKernels.transpose(a, rows, cols), read(dst, 1, rows * cols), "transpose copy");
        KernelTesting.assertGuardsIntact(dst, 1, rows * cols);

        // columns [5, 20) of every row: a slice whose rows are runs of 15
        int w = 15;
        dst = mem.output(rows * w, 0);
        Broadcast.copy(new int[] {rows, w}, sa, 3 + 5, new long[] {cols, 1}, dst, 0, new long[] {w, 1});
        float[] expected = new float[rows * w];
        for (int r = 0; r < rows; r++) System.arraycopy(a, r * cols + 5, expected, r * w, w);
        assertExact(expected, read(dst, 0, rows * w), "slice copy");

        // one row broadcast to 4 rows, and one element broadcast to everything
        dst = mem.output(4 * cols, 0);
        Broadcast.copy(new int[] {4, cols}, sa, 3, new long[] {0, 1}, dst, 0, new long[] {cols, 1});
        float[] row = Arrays.copyOf(a, cols);
        float[] rows4 = new float[4 * cols];
        for (int r = 0; r < 4; r++) System.arraycopy(row, 0, rows4, r * cols, cols);
        assertExact(rows4, read(dst, 0, 4 * cols), "row broadcast copy");
        Broadcast.copy(new int[] {4, cols}, sa, 3, new long[] {0, 0}, dst, 0, new long[] {cols, 1});
        float[] same = new float[4 * cols];
        Arrays.fill(same, a[0]);
        assertExact(same, read(dst, 0, 4 * cols), "scalar broadcast copy");
    }

    @Test
    void fillStrided() {
        int rows = 6, cols = 20;
        MemorySegment s = mem.place(new float[rows * cols], 0);
        Broadcast.fill(new int[] {rows, cols / 2}, s, 1, new long[] {cols, 2}, 9f); // every odd column
        float[] got = read(s, 0, rows * cols);
        for (int i = 0; i < got.length; i++) assertTrue(got[i] == (i % 2 == 1 ? 9f : 0f), "element " + i + " = " + got[i]);
        Broadcast.fill(new int[] {rows, cols}, s, 0, contiguous(new int[] {rows, cols}), -1f);
        float[] all = new float[rows * cols];
        Arrays.fill(all, -1f);
        assertExact(all, read(s, 0, rows * cols), "contiguous fill");
    }

    @Test
    void inPlaceUpdate() {
        int[] shape = {8, 21};
        float[] a = random(65, 8 * 21, -3, 3), b = random(66, 21, -3, 3);
        MemorySegment sa = mem.place(a, 0), sb = mem.place(b, 0);
        Broadcast.binary(BinaryOp.MUL, shape, sa, 0, contiguous(shape), sb, 0, new long[] {0, 1}, sa, 0, contiguous(shape));
        assertExact(ScalarKernels.rowBroadcast(BinaryOp.MUL, a, b, 8, 21), read(sa, 0, 8 * 21), "a *= b");
    }

    @Test
    void badLayoutsThrowNamingTheShapes() {
        MemorySegment s = mem.place(new float[12], 0);
        var e = assertThrows(IllegalArgumentException.class, () ->
                Broadcast.binary(BinaryOp.ADD, new int[] {3, 4}, s, 0, new long[] {4, 1}, s, 0, new long[] {1}, s, 0, new long[] {4, 1}));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Broadcast.fill(new int[] {-1, 2}, s, 0, new long[] {2, 1}, 0f));
        assertTrue(e.getMessage().contains("[-1, 2]"), e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment twelve = arena.allocate(12 * 4);
            assertThrows(IndexOutOfBoundsException.class, () ->
                    Broadcast.copy(new int[] {3, 5}, twelve, 0, new long[] {5, 1}, twelve, 0, new long[] {5, 1}));
        }
    }
}
