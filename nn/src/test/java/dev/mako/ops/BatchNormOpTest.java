package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batch normalisation against the Keras formulas, computed directly in double precision. */
class BatchNormOpTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    private final float[] xs = {1, 2, 3, 4, -1, 0, 7, 2, 5, 0.5f, 1, 3};  // [4, 3]
    private final float[] gammaValues = {1.5f, 0.5f, 2f}, betaValues = {0.1f, -0.2f, 0.3f};

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    @Test
    void trainingNormalisesWithBatchStatisticsAndUpdatesMovingOnes() {
        Tensor x = store.of(xs, 4, 3), gamma = store.of(gammaValues, 3), beta = store.of(betaValues, 3);
        Tensor mm = store.of(new float[] {0.5f, -0.5f, 1f}, 3), mv = store.of(new float[] {2f, 1f, 0.5f}, 3);
        float[] y = BatchNormOp.apply(tape, x, gamma, beta, mm, mv, 0.99f, 1e-3f, true).toArray();
        for (int j = 0; j < 3; j++) {
            double mean = 0, var = 0;
            for (int r = 0; r < 4; r++) mean += xs[r * 3 + j] / 4.0;
            for (int r = 0; r < 4; r++) var += Math.pow(xs[r * 3 + j] - mean, 2) / 4.0;  // biased
            for (int r = 0; r < 4; r++) {
                double expected = gammaValues[j] * (xs[r * 3 + j] - mean) / Math.sqrt(var + 1e-3) + betaValues[j];
                assertEquals(expected, y[r * 3 + j], 1e-5);
            }
            double[] oldMean = {0.5, -0.5, 1}, oldVar = {2, 1, 0.5};
            assertEquals(0.99 * oldMean[j] + 0.01 * mean, mm.getFlat(j), 1e-6);
            assertEquals(0.99 * oldVar[j] + 0.01 * var, mv.getFlat(j), 1e-6);
        }
    }

    @Test
    void evaluationUsesMovingStatisticsAndChangesNothing() {
        Tensor x = store.of(xs, 4, 3), gamma = store.of(gammaValues, 3), beta = store.of(betaValues, 3);
        float[] meanValues = {0.5f, -0.5f, 1f}, varValues = {2f, 1f, 0.5f};
        Tensor mm = store.of(meanValues, 3), mv = store.of(varValues, 3);
        float[] y = BatchNormOp.apply(tape, x, gamma, beta, mm, mv, 0.99f, 1e-3f, false).toArray();
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 3; j++) {
                double expected = gammaValues[j] * (xs[r * 3 + j] - meanValues[j]) / Math.sqrt(varValues[j] + 1e-3) + betaValues[j];
                assertEquals(expected, y[r * 3 + j], 1e-5);
            }
        }
        assertArrayEquals(meanValues, mm.toArray());
        assertArrayEquals(varValues, mv.toArray());
    }

    @Test
    void trainingGradientOfTheInputSumsToZeroPerFeature() {
        // Shifting a whole feature column leaves a batch-normalised output unchanged.
        Tensor x = store.of(xs, 4, 3), gamma = store.of(gammaValues, 3), beta = store.of(betaValues, 3);
        x.requiresGrad = true;
        Tensor w = store.of(new float[] {0.3f, -1, 2, 0.5f, 0.25f, -0.7f, 1, 1, -2, 0.1f, 0.9f, 0.4f}, 4, 3);
        Tensor y = BatchNormOp.apply(tape, x, gamma, beta, store.zeros(3), store.of(new float[] {1, 1, 1}, 3), 0.99f, 1e-3f, true);
        tape.backward(SumOp.apply(tape, MulOp.apply(tape, y, w)));
        float[] g = x.grad.toArray();
        for (int j = 0; j < 3; j++) assertEquals(0f, g[j] + g[3 + j] + g[6 + j] + g[9 + j], 1e-5f);
    }

    @Test
    void wrongShapesNameEveryShape() {
        Tensor x = store.zeros(4, 3), v2 = store.zeros(2), v3 = store.zeros(3);
        var e = assertThrows(IllegalArgumentException.class, () -> BatchNormOp.apply(tape, x, v2, v3, v3, v3, 0.99f, 1e-3f, true));
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNormOp.apply(tape, store.zeros(4, 3, 2), v3, v3, v3, v3, 0.99f, 1e-3f, true));
    }
}
