package dev.mako.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.StepProfile;
import dev.mako.autograd.StepProfile.Phase;
import dev.mako.data.Playground;
import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.Test;

/** fit(..., profile) charges each layer's forward and backward time to that layer, over the last epoch's steps. */
class StepProfileTest {

    @Test
    void everyLayerIsTimedInBothPhases() {
        try (TensorStore data = new TensorStore();
             Sequential model = Sequential.of(Layers.input(2), Layers.dense(8, Activation.RELU), Layers.dense(2, "softmax")).seed(1)) {
            Playground.Data xor = Playground.xor(data, 100, 0.0, 7);
            model.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            History h = model.fit(xor.x(), xor.y(), FitOptions.epochs(2).batchSize(10).verbose(0).profile(true));
            StepProfile p = h.profile();
            assertEquals(10, p.steps(), "steps of the last epoch only");
            // Rows: input, dense, dense_1, loss, optimizer step.
            for (int layer = 1; layer <= 2; layer++) {
                assertTrue(p.millisPerStep(layer, Phase.FORWARD) > 0, "forward of layer " + layer);
                assertTrue(p.millisPerStep(layer, Phase.BACKWARD) > 0, "backward of layer " + layer);
            }
            assertTrue(p.millisPerStep(3, Phase.FORWARD) > 0, "loss");
            assertTrue(p.millisPerStep(4, Phase.BACKWARD) > 0, "optimizer step");
            double parts = 0;
            for (int s = 0; s < 5; s++) parts += p.millisPerStep(s, Phase.FORWARD) + p.millisPerStep(s, Phase.BACKWARD);
            assertTrue(parts <= p.millisPerStep() * 1.0001, "the parts (" + parts + " ms) fit in the step (" + p.millisPerStep() + " ms)");
            String table = p.table();
            assertTrue(table.contains("dense_1") && table.contains("optimizer step") && table.contains("10 steps"), table);
        }
    }

    @Test
    void noProfileUnlessAskedFor() {
        try (TensorStore data = new TensorStore(); Sequential model = Sequential.of(Layers.input(2), Layers.dense(2, "softmax")).seed(1)) {
            Playground.Data xor = Playground.xor(data, 20, 0.0, 7);
            model.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            assertNull(model.fit(xor.x(), xor.y(), FitOptions.epochs(1).batchSize(10).verbose(0)).profile());
        }
    }
}
