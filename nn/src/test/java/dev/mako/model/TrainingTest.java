package dev.mako.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Playground;
import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.optim.Optimizers;
import dev.mako.layers.InterpretedAllocation;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model API learns for real: loss falls, accuracy is reached, with fixed seeds. */
class TrainingTest {

    private static Sequential mlp(int in, int hidden, long seed) {
        return Sequential.of(
                        Layers.input(in),
                        Layers.dense(hidden, Activation.TANH),
                        Layers.dense(hidden, Activation.TANH),
                        Layers.dense(2, "softmax"))
                .seed(seed);
    }

    @Test
    void mlpLearnsXor() {
        try (TensorStore data = new TensorStore(); Sequential model = mlp(2, 16, 1)) {
            Playground.Data xor = Playground.xor(data, 400, 0.0, 7);
            model.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(xor.x(), xor.y(), FitOptions.epochs(60).batchSize(32).seed(3).verbose(0));
            assertTrue(h.get("loss").get(59) < h.get("loss").get(0) / 4, "loss fell from " + h.get("loss").get(0) + " to " + h.last("loss"));
            assertTrue(h.last("accuracy") >= 0.95, "XOR training accuracy " + h.last("accuracy"));
        }
    }

    @Test
    void mlpLearnsTwoSpirals() {
        try (TensorStore data = new TensorStore(); Sequential model = mlp(2, 48, 5)) {
            Playground.Data spiral = Playground.spiral(data, 400, 0.0, 11);
            model.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(spiral.x(), spiral.y(), FitOptions.epochs(300).batchSize(32).seed(3).verbose(0));
            assertTrue(h.last("accuracy") >= 0.95, "two-spiral training accuracy " + h.last("accuracy"));
        }
    }

    /**
     * A warm training step of an MLP allocates nothing on the Java heap, whatever the batch or the
     * layer width: counted in a child JVM that runs interpreted with scalar kernels, where no
     * allocation is hidden by the JIT (and none depends on when it compiles what), so the figure is
     * deterministic and bounds what compiled code allocates. One thread, so that the pool's share
     * of the work runs on the measured thread.
     */
    @Test
    void warmTrainingStepAllocatesNothingPerSampleAndAlmostNothingPerStep() throws Exception {
        Map<String, Double> bytes = InterpretedAllocation.measure(StepAllocation.class, List.of("-Dmako.threads=1"), "4x8", "16x24");
        double small = bytes.get("4x8"), large = bytes.get("16x24");
        System.out.println("bytes per warm MLP training step: batch 4, 8 units " + small + "; batch 16, 24 units " + large);
        assertEquals(0, small, 0, "bytes a warm training step allocated on the Java heap");
        assertEquals(0, large, 0, "bytes a warm training step of a wider layer and a larger batch allocated on the Java heap");
    }

    /** Child-JVM entry point: prints "BxU bytes-per-training-step" for batches of B samples through layers of U units. */
    public static final class StepAllocation {
        public static void main(String[] args) {
            for (String arg : args) {
                int batch = Integer.parseInt(arg.substring(0, arg.indexOf('x'))), units = Integer.parseInt(arg.substring(arg.indexOf('x') + 1));
                try (TensorStore data = new TensorStore(); Sequential model = mlp(2, units, 1)) {
                    Playground.Data circle = Playground.circle(data, batch, 0.1, 7);
                    model.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
                    System.out.println(arg + " " + InterpretedAllocation.bytesPerCall(3, 4, () -> model.trainOnBatch(circle.x(), circle.y())));
                }
            }
        }
    }

    @Test
    void nanLossStopsTrainingNamingTheStepAndLeavesWeightsAlone() {
        try (TensorStore data = new TensorStore(); Sequential model = mlp(2, 8, 1)) {
            Playground.Data circle = Playground.circle(data, 64, 0.1, 7);
            circle.x().set(Float.NaN, 40, 0); // sample 40 lands in the second batch of 32 (no shuffle)
            model.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy());
            float[] before = model.parameters().get(0).value().toArray();
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                    () -> model.fit(circle.x(), circle.y(), FitOptions.epochs(1).batchSize(32).shuffle(false).verbose(0)));
            assertEquals(1, e.step());
            assertTrue(e.getMessage().contains("step 2"), e.getMessage());
            float[] after = model.parameters().get(0).value().toArray();
            assertTrue(!java.util.Arrays.equals(before, after), "the first, finite step should have trained");
            for (float v : after) assertTrue(Float.isFinite(v), "weights must not contain NaN after the failed step");
        }
    }

    @Test
    void badInputsFailBeforeAnythingChanges() {
        try (TensorStore data = new TensorStore(); Sequential model = mlp(2, 8, 1)) {
            model.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            float[] before = model.parameters().get(0).value().toArray();
            Tensor x3 = data.zeros(10, 3), x = data.zeros(10, 2), y = data.zeros(10), yShort = data.zeros(9);
            IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                    () -> model.fit(x3, y, FitOptions.epochs(1).verbose(0)));
            assertTrue(wrongWidth.getMessage().contains("[10, 3]"), wrongWidth.getMessage());
            IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                    () -> model.fit(x, yShort, FitOptions.epochs(1).verbose(0)));
            assertTrue(wrongCount.getMessage().contains("[9]"), wrongCount.getMessage());
            y.setFlat(4, 7f); // class 7 of 2
            IllegalArgumentException badLabel = assertThrows(IllegalArgumentException.class,
                    () -> model.fit(x, y, FitOptions.epochs(1).verbose(0)));
            assertTrue(badLabel.getMessage().contains("7"), badLabel.getMessage());
            assertArrayEquals(before, model.parameters().get(0).value().toArray(), "weights changed by rejected input");
        }
    }

    @Test
    void validationSplitReportsValidationMetricsAndPredictIsBatched() {
        try (TensorStore data = new TensorStore(); Sequential model = mlp(2, 16, 2)) {
            Playground.Data circle = Playground.circle(data, 300, 0.05, 9);
            model.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(circle.x(), circle.y(), FitOptions.epochs(30).batchSize(16).validationSplit(0.2).verbose(0));
            assertEquals(30, h.get("val_loss").size());
            assertTrue(h.last("val_accuracy") > 0.9, "validation accuracy " + h.last("val_accuracy"));
            Tensor p = model.predict(circle.x());
            assertArrayEquals(new int[] {300, 2}, p.shape());
            Map<String, Double> eval = model.evaluate(circle.x(), circle.y());
            int correct = 0;
            for (int i = 0; i < 300; i++) {
                int guess = p.get(i, 1) > p.get(i, 0) ? 1 : 0;
                if (guess == (int) circle.y().getFlat(i)) correct++;
            }
            assertEquals(correct / 300.0, eval.get("accuracy"), 1e-9);
        }
    }
}
