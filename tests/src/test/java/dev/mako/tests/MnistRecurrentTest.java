package dev.mako.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Dataset;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.layers.Parameter;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The row-by-row MNIST recurrent recipes on a real subset: they learn, and a trained LSTM survives save and load. */
class MnistRecurrentTest {

    @Test
    void lstmLearnsRowByRowMnistAndRoundTripsThroughAFile() throws Exception {
        Path file = Files.createTempFile("mako-lstm", ".safetensors");
        try (TrainTest mnist = Datasets.mnist(SharedData.mnistDir());
             Sequential model = Recipes.byName("mnist-lstm").model(7);
             TensorStore out = new TensorStore()) {
            Dataset train = mnist.train().first(6400), test = mnist.test().first(1000);
            model.compile(Optimizers.adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.fit(train.x(), train.y(), FitOptions.epochs(1).batchSize(128).seed(1).verbose(0));
            Map<String, Double> scores = model.evaluate(test.x(), test.y(), 500);
            // 50 steps from chance (0.1); the full recipe reaches ≥ 0.92 after one 60,000-sample epoch
            assertTrue(scores.get("accuracy") >= 0.60, "LSTM test accuracy after one epoch on 6400 samples: " + scores);

            List<String> names = model.parameters().stream().map(Parameter::fullName).toList();
            assertEquals(List.of("lstm.kernel", "lstm.recurrent_kernel", "lstm.bias", "dense.kernel", "dense.bias"), names);
            model.save(file);
            Tensor before = model.predict(test.x().slice(0, 0, 50), 50, out);
            try (Sequential loaded = Sequential.load(file)) {
                Tensor after = loaded.predict(test.x().slice(0, 0, 50), 50, out);
                assertArrayEquals(before.toArray(), after.toArray(), 1e-6f, "predictions after load");
                assertTrue(loaded.summaryString().contains("lstm (LSTM)"), loaded.summaryString());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void simpleRnnLearnsRowByRowMnist() throws Exception {
        try (TrainTest mnist = Datasets.mnist(SharedData.mnistDir()); Sequential model = Recipes.byName("mnist-rnn").model(7)) {
            Dataset train = mnist.train().first(6400), test = mnist.test().first(1000);
            model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.fit(train.x(), train.y(), FitOptions.epochs(2).batchSize(128).seed(1).verbose(0));
            Map<String, Double> scores = model.evaluate(test.x(), test.y(), 500);
            assertTrue(scores.get("accuracy") >= 0.60, "SimpleRNN test accuracy after two epochs on 6400 samples: " + scores);
        }
    }
}
