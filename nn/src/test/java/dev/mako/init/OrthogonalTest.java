package dev.mako.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrthogonalTest {

    @ParameterizedTest
    @CsvSource({"16, 64", "64, 16", "32, 32", "1, 5", "5, 1"})
    void fewerSideIsOrthonormal(int rows, int cols) {
        try (TensorStore store = new TensorStore()) {
            Tensor t = store.allocate(rows, cols);
            new Orthogonal().initialize(t, rows, cols, new SplittableRandom(1));
            float[] a = t.toArray();
            boolean byRows = rows <= cols;
            int n = Math.min(rows, cols), len = Math.max(rows, cols);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double d = 0;
                    for (int k = 0; k < len; k++) {
                        d += byRows ? (double) a[i * cols + k] * a[j * cols + k] : (double) a[k * cols + i] * a[k * cols + j];
                    }
                    assertEquals(i == j ? 1.0 : 0.0, d, 1e-5, "Gram matrix at " + i + ", " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8, 32"})
    void sameSeedSameMatrixAndGainScales(int rows, int cols) {
        try (TensorStore store = new TensorStore()) {
            Tensor a = store.allocate(rows, cols), b = store.allocate(rows, cols), c = store.allocate(rows, cols);
            new Orthogonal().initialize(a, rows, cols, new SplittableRandom(9));
            new Orthogonal().initialize(b, rows, cols, new SplittableRandom(9));
            new Orthogonal(2.0).initialize(c, rows, cols, new SplittableRandom(9));
            assertArrayEquals(a.toArray(), b.toArray());
            float[] x = a.toArray(), y = c.toArray();
            for (int i = 0; i < x.length; i++) assertEquals(2 * x[i], y[i], 1e-6);
        }
    }
}
