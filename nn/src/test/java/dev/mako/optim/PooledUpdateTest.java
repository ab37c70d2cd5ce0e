package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.layers.Parameter;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A step over enough elements is split over the pool, parts cutting through parameters: every
 * element must still get exactly one update, with its own parameter's decay factor.
 */
class PooledUpdateTest {
    @Test
    void everyElementOfEveryParameterIsUpdatedOnceByTheFormula() {
        // Odd sizes around the split points; 70,001 + 3 + 33,333 + 1 elements in all.
        int[] sizes = {70_001, 3, 33_333, 1};
        float[][] p0 = new float[sizes.length][], g = new float[sizes.length][];
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < sizes.length; i++) {
            p0[i] = new float[sizes[i]];
            g[i] = new float[sizes[i]];
            for (int j = 0; j < sizes[i]; j++) {
                p0[i][j] = (float) rnd.nextDouble(-1, 1);
                g[i][j] = (float) rnd.nextDouble(-1, 1);
            }
        }
        try (TensorStore store = new TensorStore()) {
            List<Parameter> ps = TestParameters.of(store, p0);
            for (int i = 0; i < sizes.length; i++) ps.get(i).grad().copyFrom(g[i]);
            double lr = 0.01, wd = 0.1;
            Adam adam = Optimizers.adamw(lr, wd).excludeFromWeightDecay("p1", "p3");
            adam.build(ps, store);
            adam.step();
            // First step, Keras' form: m = (1 − β1)·g, v = (1 − β2)·g², α = lr·sqrt(1 − β2)/(1 − β1),
            // p ← (1 − lr·wd)·p − α·m / (sqrt(v) + ε); excluded parameters are not decayed.
            double b1 = 0.9, b2 = 0.999, eps = 1e-7;
            double alpha = lr * Math.sqrt(1 - b2) / (1 - b1);
            for (int i = 0; i < sizes.length; i++) {
                double decay = (i == 1 || i == 3) ? 1 : 1 - lr * wd;
                float[] after = ps.get(i).value().toArray();
                for (int j = 0; j < sizes[i]; j++) {
                    double m = (1 - b1) * g[i][j], v = (1 - b2) * g[i][j] * g[i][j];
                    double expected = decay * p0[i][j] - alpha * m / (Math.sqrt(v) + eps);
                    assertEquals(expected, after[j], 1e-5, "parameter " + i + " element " + j);
                }
            }
        }
    }
}
