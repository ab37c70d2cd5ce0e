package dev.mako.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Dataset;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.History;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The course MLP on a real MNIST subset: fit, evaluate and predict agree and reach a set accuracy. */
class MnistMlpTest {

    @Test
    void courseMlpLearnsAMnistSubset() throws Exception {
        try (TrainTest mnist = Datasets.mnist(SharedData.mnistDir());
             Sequential model = Recipes.byName("mnist-mlp").model(42);
             TensorStore out = new TensorStore()) {
            Dataset train = mnist.train().first(6000), test = mnist.test().first(2000);
            model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(train.x(), train.y(), FitOptions.epochs(3).batchSize(32).seed(1).verbose(0));
            assertTrue(h.get("loss").get(2) < h.get("loss").get(0), "loss should fall: " + h.get("loss"));
            Map<String, Double> scores = model.evaluate(test.x(), test.y());
            assertTrue(scores.get("accuracy") >= 0.90, "test accuracy on 2000 samples after 3 epochs on 6000: " + scores);

            Tensor probs = model.predict(test.x(), 64, out);
            assertArrayEquals(new int[] {2000, 10}, probs.shape());
            int correct = 0;
            for (int i = 0; i < 2000; i++) {
                int best = 0;
                float sum = 0;
                for (int c = 0; c < 10; c++) {
                    sum += probs.get(i, c);
                    if (probs.get(i, c) > probs.get(i, best)) best = c;
                }
                assertEquals(1f, sum, 1e-4f, "softmax row " + i);
                if (best == (int) test.y().getFlat(i)) correct++;
            }
            assertEquals(scores.get("accuracy"), correct / 2000.0, 1e-9, "predict and evaluate disagree");
        }
    }
}
