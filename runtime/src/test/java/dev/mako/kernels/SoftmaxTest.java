package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.assertGuardsIntact;
import static dev.mako.kernels.KernelTesting.random;
import static dev.mako.kernels.KernelTesting.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private static final int[][] SHAPES = {{1, 1}, {3, 10}, {128, 10}, {32, 128}, {2, 15}, {5, 16}, {4, 17}, {2, 33}, {1, 1025}, {1, 4099}, {0, 7}};

    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    @Test
    void softmaxMatchesScalarAndRowsSumToOne() {
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1], n = rows * cols;
            float[] x = random(50, n, -8, 8);
            MemorySegment sx = mem.place(x, 3), sy = mem.output(n, 1);
            Softmax.softmaxRows(sx, 3, sy, 1, rows, cols);
            float[] y = read(sy, 1, n);
            assertClose(ScalarKernels.softmaxRows(x, rows, cols), y, 2e-6, 1e-9, "softmax " + rows + "x" + cols);
            assertGuardsIntact(sy, 1, n);
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < cols; j++) s += y[r * cols + j];
                assertEquals(1.0, s, 2e-6, "row " + r + " of " + rows + "x" + cols + " sums to 1");
            }
        }
    }

    @Test
    void logSoftmaxMatchesScalar() {
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1], n = rows * cols;
            float[] x = random(51, n, -8, 8);
            MemorySegment sx = mem.place(x, 2), sy = mem.output(n, 5);
            Softmax.logSoftmaxRows(sx, 2, sy, 5, rows, cols);
            assertClose(ScalarKernels.logSoftmaxRows(x, rows, cols), read(sy, 5, n), 1e-6, 2e-6, "logSoftmax " + rows + "x" + cols);
            assertGuardsIntact(sy, 5, n);
        }
    }

    @Test
    void stableForHugeInputs() {
        int rows = 3, cols = 19;
        float[] x = random(52, rows * cols, -1000, 1000);
        for (int j = 0; j < cols; j++) x[j] = 1000 - j;       // row 0 near +1000
        for (int j = 0; j < cols; j++) x[cols + j] = -1000 + j; // row 1 near -1000
        MemorySegment sx = mem.place(x, 0), sy = mem.output(x.length, 0);
        Softmax.softmaxRows(sx, 0, sy, 0, rows, cols);
        float[] y = read(sy, 0, x.length);
        for (float v : y) assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, "softmax of ±1000 inputs gave " + v);
        assertClose(ScalarKernels.softmaxRows(x, rows, cols), y, 2e-6, 1e-9, "softmax of ±1000");

        Softmax.logSoftmaxRows(sx, 0, sy, 0, rows, cols);
        y = read(sy, 0, x.length);
        for (float v : y) assertTrue(Float.isFinite(v) && v <= 0, "log-softmax of ±1000 inputs gave " + v);
        assertClose(ScalarKernels.logSoftmaxRows(x, rows, cols), y, 1e-6, 1e-4, "log-softmax of ±1000");
    }

    @Test
    void aNaNMakesItsRowNaN() {
        for (int cols : new int[] {10, 16, 40}) {
            float[] x = random(57, 2 * cols, -3, 3);
            x[cols + 3] = Float.NaN; // row 1
            MemorySegment sx = mem.place(x, 0), sy = mem.output(x.length, 0);
            for (boolean log : new boolean[] {false, true}) {
                if (log) Softmax.logSoftmaxRows(sx, 0, sy, 0, 2, cols);
                else Softmax.softmaxRows(sx, 0, sy, 0, 2, cols);
                float[] y = read(sy, 0, x.length);
                for (int j = 0; j < cols; j++) {
                    assertTrue(Float.isFinite(y[j]), "row 0 stays finite, cols " + cols);
                    assertTrue(Float.isNaN(y[cols + j]), "row 1 is NaN, cols " + cols + (log ? " (log)" : ""));
                }
            }
        }
    }

    @Test
    void inPlace() {
        int rows = 4, cols = 17;
        float[] x = random(53, rows * cols, -5, 5);
        MemorySegment s = mem.place(x, 1);
        Softmax.softmaxRows(s, 1, s, 1, rows, cols);
        assertClose(ScalarKernels.softmaxRows(x, rows, cols), read(s, 1, x.length), 2e-6, 1e-9, "softmax in place");
        s = mem.place(x, 1);
        Softmax.logSoftmaxRows(s, 1, s, 1, rows, cols);
        assertClose(ScalarKernels.logSoftmaxRows(x, rows, cols), read(s, 1, x.length), 1e-6, 2e-6, "log-softmax in place");
    }

    @Test
    void backwardMatchesScalar() {
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1], n = rows * cols;
            float[] y = ScalarKernels.softmaxRows(random(54, n, -3, 3), rows, cols);
            float[] dy = random(55, n, -1, 1), dxIn = random(56, n, -1, 1);
            MemorySegment sy = mem.place(y, 1), sdy = mem.place(dy, 4), sdx = mem.output(n, 2);
            Softmax.softmaxBackwardRows(sy, 1, sdy, 4, sdx, 2, rows, cols, false);
            assertClose(ScalarKernels.softmaxBackwardRows(y, dy, null, rows, cols), read(sdx, 2, n), 1e-5, 1e-6, "softmax backward " + rows + "x" + cols);
            assertGuardsIntact(sdx, 2, n);
            sdx = mem.place(dxIn, 2);
            Softmax.softmaxBackwardRows(sy, 1, sdy, 4, sdx, 2, rows, cols, true);
            assertClose(ScalarKernels.softmaxBackwardRows(y, dy, dxIn, rows, cols), read(sdx, 2, n), 1e-5, 1e-6, "accumulating softmax backward " + rows + "x" + cols);
            assertGuardsIntact(sdx, 2, n);
        }
    }
}
