package dev.mako.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerceptronTest {
    private final TensorStore store = new TensorStore("perceptron test");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void learnsAnd() {
        ToyData.Set and = ToyData.and(store, 1, -1);
        try (Perceptron p = new Perceptron()) {
            Perceptron.Result r = p.fit(and.x(), and.y());
            assertTrue(r.converged(), r.toString());
            assertTrue(r.mistakes() > 0);
            int[] perEpoch = r.mistakesPerEpoch();
            assertEquals(r.epochs(), perEpoch.length);
            assertEquals(0, perEpoch[perEpoch.length - 1]);
            assertArrayEquals(new float[] {-1, -1, -1, 1}, p.predict(and.x()).toArray());
        }
    }

    @Test
    void firstMistakeUpdatesByLearningRateTimesLabelTimesInput() {
        // one sample, label 1, zero weights: 0 ≤ 0 is a mistake → w = lr·x, b = lr; then it is right
        try (Perceptron p = new Perceptron().learningRate(0.5f)) {
            Perceptron.Result r = p.fit(store.of(new float[] {2, -1}, 1, 2), store.of(new float[] {1}, 1));
            assertArrayEquals(new float[] {1f, -0.5f}, p.weights());
            assertEquals(0.5f, p.bias());
            assertEquals(1, r.mistakes());
            assertEquals(2, r.epochs());
        }
    }

    @Test
    void convergesOnSeparableBlobs() {
        ToyData.Set blobs = ToyData.separableBlobs(store, 200, 3, 1, -1);
        try (Perceptron p = new Perceptron()) {
            Perceptron.Result r = p.fit(blobs.x(), blobs.y());
            assertTrue(r.converged(), r.toString());
            assertEquals(1.0, p.accuracy(blobs.x(), blobs.y()));
        }
    }

    @Test
    void reportsNonConvergenceOnXor() {
        ToyData.Set xor = ToyData.xor(store, 1, -1);
        try (Perceptron p = new Perceptron().maxEpochs(50)) {
            Perceptron.Result r = p.fit(xor.x(), xor.y());
            assertFalse(r.converged());
            assertEquals(50, r.epochs());
            for (int m : r.mistakesPerEpoch()) assertTrue(m > 0);
            assertTrue(p.accuracy(xor.x(), xor.y()) < 1.0);
        }
    }

    @Test
    void sameDataSameWeights() {
        ToyData.Set blobs = ToyData.overlappingBlobs(store, 100, 5, 1, -1);
        try (Perceptron a = new Perceptron().maxEpochs(10); Perceptron b = new Perceptron().maxEpochs(10)) {
            assertEquals(a.fit(blobs.x(), blobs.y()).mistakes(), b.fit(blobs.x(), blobs.y()).mistakes());
            assertArrayEquals(a.weights(), b.weights());
        }
    }

    @Test
    void badInputFailsBeforeTraining() {
        try (Perceptron p = new Perceptron()) {
            ToyData.Set and01 = ToyData.and(store, 1, 0);
            var e = assertThrows(IllegalArgumentException.class, () -> p.fit(and01.x(), and01.y()));
            assertTrue(e.getMessage().contains("-1 or 1") && e.getMessage().contains("y[0] = 0.0"), e.getMessage());
            var mismatch = assertThrows(IllegalArgumentException.class, () -> p.fit(store.zeros(4, 2), store.zeros(3)));
            assertTrue(mismatch.getMessage().contains("[4, 2]") && mismatch.getMessage().contains("[3]"), mismatch.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.fit(store.zeros(4), store.zeros(4)));
            assertThrows(IllegalStateException.class, () -> p.predict(store.zeros(4, 2)));
            ToyData.Set and = ToyData.and(store, 1, -1);
            p.fit(and.x(), and.y());
            assertThrows(IllegalArgumentException.class, () -> p.predict(store.zeros(4, 3)));
        }
    }
}
