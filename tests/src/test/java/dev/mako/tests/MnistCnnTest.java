package dev.mako.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Dataset;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.History;
import dev.mako.model.Predictor;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipe;
import dev.mako.zoo.Recipes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small CNN on a real MNIST subset: it learns to a set accuracy with a fixed seed, and survives save → load unchanged. */
class MnistCnnTest {
    @TempDir
    Path tmp;

    @Test
    void smallConvnetLearnsAMnistSubsetAndLoadsBackIdentical() throws Exception {
        Recipe images = Recipes.byName("mnist-cnn"); // for its [n, 28, 28] → [n, 28, 28, 1] view
        try (TrainTest mnist = Datasets.mnist(SharedData.mnistDir());
             Sequential model = Sequential.of(
                     Layers.input(28, 28, 1),
                     Layers.conv2d(8, 3, Activation.RELU),
                     Layers.maxPool2d(2),
                     Layers.conv2d(16, 3, Activation.RELU),
                     Layers.maxPool2d(2),
                     Layers.flatten(),
                     Layers.dense(10, "softmax")).seed(7);
             TensorStore out = new TensorStore()) {
            Dataset train = mnist.train().first(6000), test = mnist.test().first(1000);
            Tensor trainX = images.shapeInputs(train.x()), testX = images.shapeInputs(test.x());
            model.compile(Optimizers.adam(2e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(trainX, train.y(), FitOptions.epochs(3).batchSize(64).seed(1).verbose(0));
            assertTrue(h.get("loss").get(2) < h.get("loss").get(0), "loss should fall: " + h.get("loss"));
            Map<String, Double> scores = model.evaluate(testX, test.y(), 250);
            assertTrue(scores.get("accuracy") >= 0.94, "test accuracy on 1000 samples after 3 epochs on 6000: " + scores);

            Path file = tmp.resolve("cnn.mako");
            model.save(file);
            float[] before = model.predict(testX, 100, out).toArray();
            try (Sequential loaded = Sequential.load(file); Predictor service = loaded.predictor()) {
                assertArrayEquals(before, loaded.predict(testX, 100, out).toArray(), "predictions after load");
                assertEquals(model.summaryString(), loaded.summaryString());
                assertEquals(scores, loaded.evaluate(testX, test.y(), 250));
                float[] image = new float[service.inputSize()], probs = new float[service.outputSize()];
                System.arraycopy(testX.toArray(), 3 * image.length, image, 0, image.length);
                service.predict(image, probs);
                assertArrayEquals(java.util.Arrays.copyOfRange(before, 30, 40), probs, 1e-5f, "one image through the Predictor");
            }
        }
    }
}
