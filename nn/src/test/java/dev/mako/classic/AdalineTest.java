package dev.mako.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdalineTest {
    private final TensorStore store = new TensorStore("adaline test");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void oneBatchEpochByHand() {
        // x = [[1, 2], [3, −1]], y = [1, −1], zero weights: z = 0, errors = y,
        // loss = ½·mean(1, 1) = 0.5; w += 0.1 · xᵀ·e / 2 = 0.05 · [−2, 3]; b += 0.1 · mean(e) = 0
        try (Adaline a = new Adaline().learningRate(0.1f).epochs(1)) {
            LossHistory h = a.fit(store.of(new float[] {1, 2, 3, -1}, 2, 2), store.of(new float[] {1, -1}, 2));
            assertEquals(0.5, h.first(), 1e-7);
            assertArrayEquals(new float[] {-0.1f, 0.15f}, a.weights(), 1e-7f);
            assertEquals(0f, a.bias(), 1e-7f);
        }
    }

    @Test
    void batchLossFallsEveryEpochAndSeparatesBlobs() {
        ToyData.Set blobs = ToyData.separableBlobs(store, 200, 3, 1, -1);
        try (Adaline a = new Adaline().learningRate(0.01f).epochs(40)) {
            double[] loss = a.fit(blobs.x(), blobs.y()).losses();
            for (int e = 1; e < loss.length; e++) assertTrue(loss[e] < loss[e - 1], "epoch " + e + ": " + loss[e - 1] + " → " + loss[e]);
            assertTrue(loss[loss.length - 1] < 0.25 * loss[0]);
            assertTrue(a.accuracy(blobs.x(), blobs.y()) >= 0.99);
        }
    }

    @Test
    void stochasticModeLearnsToo() {
        ToyData.Set blobs = ToyData.separableBlobs(store, 200, 3, 1, -1);
        try (Adaline a = new Adaline().mode(Adaline.Mode.STOCHASTIC).learningRate(0.005f).epochs(15).seed(7)) {
            LossHistory h = a.fit(blobs.x(), blobs.y());
            assertTrue(h.last() < 0.5 * h.first(), h.toString());
            assertTrue(a.accuracy(blobs.x(), blobs.y()) >= 0.99);
        }
    }

    @Test
    void settlesOnOverlappingClasses() {
        ToyData.Set blobs = ToyData.overlappingBlobs(store, 400, 9, 1, -1);
        try (Adaline a = new Adaline().learningRate(0.01f).epochs(100)) {
            LossHistory h = a.fit(blobs.x(), blobs.y());
            assertTrue(h.last() < h.first());
            double acc = a.accuracy(blobs.x(), blobs.y());
            assertTrue(acc > 0.8 && acc < 1.0, "accuracy " + acc);
        }
    }

    @Test
    void netInputIsTheLinearOutput() {
        try (Adaline a = new Adaline().learningRate(0.1f).epochs(3)) {
            ToyData.Set and = ToyData.and(store, 1, -1);
            a.fit(and.x(), and.y());
            float[] w = a.weights(), z = a.netInput(and.x()).toArray(), x = and.x().toArray();
            for (int i = 0; i < 4; i++) assertEquals(w[0] * x[2 * i] + w[1] * x[2 * i + 1] + a.bias(), z[i], 1e-6);
        }
    }

    @Test
    void badInputFailsBeforeTraining() {
        try (Adaline a = new Adaline()) {
            ToyData.Set and01 = ToyData.and(store, 1, 0);
            assertThrows(IllegalArgumentException.class, () -> a.fit(and01.x(), and01.y()));
            assertThrows(IllegalArgumentException.class, () -> a.fit(store.zeros(4, 2), store.zeros(5)));
            assertThrows(IllegalStateException.class, () -> a.predict(store.zeros(4, 2)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Adaline().learningRate(0));
    }
}
