package dev.mako.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Playground;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    private final TensorStore store = new TensorStore("logistic regression test");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void oneStepByHand() {
        // x = [[1, 2], [3, −1]], y = [1, 0], zero weights: p = ½, loss = ln 2, p − y = [−½, ½],
        // w −= 0.5 · xᵀ(p − y) / 2 = 0.25 · [1, −1.5]; b −= 0.5 · mean(p − y) = 0
        try (LogisticRegression lr = new LogisticRegression().learningRate(0.5f).epochs(1)) {
            LossHistory h = lr.fit(store.of(new float[] {1, 2, 3, -1}, 2, 2), store.of(new float[] {1, 0}, 2));
            assertEquals(Math.log(2), h.first(), 1e-7);
            assertArrayEquals(new float[] {-0.25f, 0.375f}, lr.weights(), 1e-7f);
            assertEquals(0f, lr.bias(), 1e-7f);
        }
    }

    @Test
    void separatesPlaygroundBlobsWithMonotonicallyFallingLoss() {
        Playground.Data blobs = Playground.gaussian(store, 400, 0.0, 21);
        try (LogisticRegression lr = new LogisticRegression().learningRate(0.05f).epochs(100)) {
            double[] loss = lr.fit(blobs.x(), blobs.y()).losses();
            for (int e = 1; e < loss.length; e++) assertTrue(loss[e] < loss[e - 1], "epoch " + e + ": " + loss[e - 1] + " → " + loss[e]);
            assertTrue(lr.accuracy(blobs.x(), blobs.y()) >= 0.95);
        }
    }

    @Test
    void probabilitiesAndClasses() {
        ToyData.Set blobs = ToyData.separableBlobs(store, 100, 4, 1, 0);
        try (LogisticRegression lr = new LogisticRegression().epochs(50)) {
            lr.fit(blobs.x(), blobs.y());
            float[] p = lr.predictProbabilities(blobs.x()).toArray(), c = lr.predictClasses(blobs.x()).toArray();
            for (int i = 0; i < p.length; i++) {
                assertTrue(p[i] > 0 && p[i] < 1);
                assertEquals(p[i] >= 0.5f ? 1f : 0f, c[i]);
            }
            assertEquals(1.0, lr.accuracy(blobs.x(), blobs.y()));
        }
    }

    @Test
    void overlappingClassesStillLearnSomething() {
        ToyData.Set blobs = ToyData.overlappingBlobs(store, 400, 9, 1, 0);
        try (LogisticRegression lr = new LogisticRegression().epochs(200)) {
            LossHistory h = lr.fit(blobs.x(), blobs.y());
            assertTrue(h.last() < h.first());
            assertTrue(lr.accuracy(blobs.x(), blobs.y()) > 0.8);
        }
    }

    @Test
    void badInputFailsBeforeTraining() {
        try (LogisticRegression lr = new LogisticRegression()) {
            ToyData.Set pm = ToyData.and(store, 1, -1);
            var e = assertThrows(IllegalArgumentException.class, () -> lr.fit(pm.x(), pm.y()));
            assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> lr.fit(store.zeros(4, 2), store.zeros(2, 2)));
            assertThrows(IllegalStateException.class, () -> lr.predictClasses(store.zeros(4, 2)));
        }
    }
}
