package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cross-entropy ops: values against direct computation, the fused softmax path, target checks, NaN. */
class CrossEntropyOpsTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    private final float[] logits = {2, -1, 0.5f, 0, 3, 1, -2, 0.5f, 0.25f};  // [3, 3]
    private final float[] labels = {0, 1, 2};

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    private static double[] softmaxRow(float[] z, int r, int c) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < c; j++) max = Math.max(max, z[r * c + j]);
        double[] p = new double[c];
        for (int j = 0; j < c; j++) sum += p[j] = Math.exp(z[r * c + j] - max);
        for (int j = 0; j < c; j++) p[j] /= sum;
        return p;
    }

    @Test
    void sparseSoftmaxCrossEntropyValueAndGradient() {
        Tensor z = store.of(logits, 3, 3), y = store.of(labels, 3);
        z.requiresGrad = true;
        Tensor loss = SoftmaxCrossEntropyOp.applySparse(tape, z, y);
        double expected = 0;
        for (int r = 0; r < 3; r++) expected -= Math.log(softmaxRow(logits, r, 3)[(int) labels[r]]) / 3;
        assertEquals(expected, loss.getFlat(0), 1e-6);
        tape.backward(loss);
        float[] g = z.grad.toArray();
        for (int r = 0; r < 3; r++) {
            double[] p = softmaxRow(logits, r, 3);
            for (int j = 0; j < 3; j++) assertEquals((p[j] - (j == labels[r] ? 1 : 0)) / 3, g[r * 3 + j], 1e-6);
        }
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        Tensor z = store.of(new float[] {1000, 0, 0, 0}, 2, 2), y = store.of(new float[] {1, 0}, 2);
        float loss = SoftmaxCrossEntropyOp.applySparse(tape, z, y).getFlat(0);
        assertEquals((1000 + Math.log(2)) / 2, loss, 1e-3);
    }

    @Test
    void oneHotTargetsGiveTheSameLossAsClassIndices() {
        Tensor z = store.of(logits, 3, 3), y = store.of(labels, 3);
        Tensor onehot = store.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        assertEquals(SoftmaxCrossEntropyOp.applySparse(tape, z, y).getFlat(0), SoftmaxCrossEntropyOp.apply(tape, z, onehot).getFlat(0), 1e-6f);
        assertEquals(ProbabilityCrossEntropyOp.applySparse(tape, SoftmaxOp.apply(tape, z), y).getFlat(0),
                ProbabilityCrossEntropyOp.apply(tape, SoftmaxOp.apply(tape, z), onehot).getFlat(0), 1e-6f);
    }

    @Test
    void probabilitiesAreNormalisedAndClippedAsKerasDoes() {
        // Row 0 sums to 2 (normalised), row 1 puts zero probability on its target (clipped to 1e-7).
        Tensor p = store.of(new float[] {0.5f, 1f, 0.5f, 0f, 0.5f, 0.5f}, 2, 3), y = store.of(new float[] {1, 0}, 2);
        float loss = ProbabilityCrossEntropyOp.applySparse(tape, p, y).getFlat(0);
        assertEquals((-Math.log(0.5) - Math.log(1e-7f)) / 2, loss, 1e-5);
    }

    @Test
    void afterASoftmaxTheLossRecordsAgainstTheLogitsAndMatchesTheUnfusedGradient() {
        Tensor z = store.of(logits, 3, 3), y = store.of(labels, 3);
        z.requiresGrad = true;
        Tensor p = SoftmaxOp.apply(tape, z);
        Tensor loss = ProbabilityCrossEntropyOp.applySparse(tape, p, y);
        assertSame(z, tape.node(tape.size() - 1).a, "fused: the loss node reads the logits");
        tape.backward(loss);
        float[] fused = z.grad.toArray();
        tape.reset();

        // The same probabilities as a plain tensor: backward goes through the normalisation, then the softmax by hand.
        Tensor detached = store.of(SoftmaxOp.apply(tape, z).toArray(), 3, 3);
        detached.requiresGrad = true;
        Tensor loss2 = ProbabilityCrossEntropyOp.applySparse(tape, detached, y);
        assertNotSame(z, tape.node(tape.size() - 1).a);
        tape.backward(loss2);
        float[] dp = detached.grad.toArray(), pv = detached.toArray();
        for (int r = 0; r < 3; r++) {
            double dot = 0;
            for (int j = 0; j < 3; j++) dot += dp[r * 3 + j] * pv[r * 3 + j];
            for (int j = 0; j < 3; j++) assertEquals(pv[r * 3 + j] * (dp[r * 3 + j] - dot), fused[r * 3 + j], 1e-6);
        }
        assertEquals(loss.getFlat(0), loss2.getFlat(0), 1e-6f);
    }

    @Test
    void aClippedTargetProbabilityPassesNoGradient() {
        Tensor z = store.of(new float[] {30, -30, 0, 0}, 2, 2), y = store.of(new float[] {1, 0}, 2);
        z.requiresGrad = true;
        tape.backward(ProbabilityCrossEntropyOp.applySparse(tape, SoftmaxOp.apply(tape, z), y));
        float[] g = z.grad.toArray();
        assertArrayEquals(new float[] {0, 0}, new float[] {g[0], g[1]}, "row 0: p(target) ≈ 1e-26 is clipped, as in Keras");
        assertEquals(-0.25f, g[2], 1e-6f);
    }

    @Test
    void badClassTargetsNameTheRowAndValueBeforeAnythingIsComputed() {
        Tensor z = store.of(logits, 3, 3);
        for (float[] bad : new float[][] {{0, 3, 1}, {0, 1.5f, 1}, {0, -1, 1}, {0, Float.NaN, 1}}) {
            Tensor y = store.of(bad, 3);
            long used = tape.workspace().bytesInUse();
            var e = assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropyOp.applySparse(tape, z, y));
            assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains(String.valueOf(bad[1])), e.getMessage());
            assertEquals(used, tape.workspace().bytesInUse());
            assertThrows(IllegalArgumentException.class, () -> ProbabilityCrossEntropyOp.applySparse(tape, z, y));
        }
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropyOp.applySparse(tape, z, store.zeros(2)));
        Tensor column = store.of(labels, 3, 1);
        assertEquals(SoftmaxCrossEntropyOp.applySparse(tape, z, store.of(labels, 3)).getFlat(0),
                SoftmaxCrossEntropyOp.applySparse(tape, z, column).getFlat(0), "[batch, 1] targets");
    }

    @Test
    void binaryCrossEntropyFromProbabilitiesAndLogits() {
        float[] pv = {0.9f, 0.2f, 0.6f, 0f}, tv = {1, 0, 0, 1};
        Tensor p = store.of(pv, 4), t = store.of(tv, 4);
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double q = Math.min(Math.max(pv[i], 1e-7f), 1 - 1e-7f);
            expected -= (tv[i] * Math.log(q) + (1 - tv[i]) * Math.log(1 - q)) / 4;
        }
        assertEquals(expected, BinaryCrossEntropyOp.apply(tape, p, t).getFlat(0), 1e-5);

        float[] zv = {3, -2, 0.5f, 80};
        Tensor z = store.of(zv, 4);
        double expectedLogits = 0;
        for (int i = 0; i < 4; i++) {
            // −t·log σ(z) − (1 − t)·log(1 − σ(z)), written with log σ(z) = −log(1 + e^(−z)) to stay finite.
            double logSigmoid = -Math.log1p(Math.exp(-zv[i])), logOneMinus = -zv[i] + logSigmoid;
            expectedLogits -= (tv[i] * logSigmoid + (1 - tv[i]) * logOneMinus) / 4;
        }
        assertEquals(expectedLogits, SigmoidCrossEntropyOp.apply(tape, z, t).getFlat(0), 1e-5);
        assertTrue(Float.isFinite(SigmoidCrossEntropyOp.apply(tape, store.of(new float[] {-500, 500}, 2), store.of(new float[] {1, 0}, 2)).getFlat(0)));
    }

    @Test
    void aNanPredictionGivesANanLoss() {
        Tensor z = store.of(new float[] {1, Float.NaN, 0, 0, 1, 2}, 2, 3), y = store.of(new float[] {0, 2}, 2);
        assertTrue(Float.isNaN(SoftmaxCrossEntropyOp.applySparse(tape, z, y).getFlat(0)));
        Tensor p = store.of(new float[] {0.2f, Float.NaN, 0.5f, 0.1f, 0.1f, 0.8f}, 2, 3);
        assertTrue(Float.isNaN(ProbabilityCrossEntropyOp.applySparse(tape, p, y).getFlat(0)));
        assertTrue(Float.isNaN(ProbabilityCrossEntropyOp.apply(tape, p, store.of(new float[] {1, 0, 0, 0, 0, 1}, 2, 3)).getFlat(0)));
        assertTrue(Float.isNaN(BinaryCrossEntropyOp.apply(tape, store.of(new float[] {Float.NaN}, 1), store.of(new float[] {1}, 1)).getFlat(0)));
        assertTrue(Float.isNaN(SigmoidCrossEntropyOp.apply(tape, store.of(new float[] {Float.NaN}, 1), store.of(new float[] {1}, 1)).getFlat(0)));
        assertTrue(Float.isNaN(MarginLossOp.apply(tape, store.of(new float[] {Float.NaN, 2}, 2), store.of(new float[] {1, -1}, 2), 1f).getFlat(0)));
    }
}
