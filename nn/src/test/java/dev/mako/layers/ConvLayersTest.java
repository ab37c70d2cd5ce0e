package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Padding;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image layers: Keras shapes and parameter counts, configs that survive save and load, channel batch norm, clear errors. */
class ConvLayersTest {
    @TempDir
    Path tmp;

    @Test
    void mnistConvnetSummaryMatchesKeras() {
        try (Sequential m = Recipes.byName("mnist-cnn").model(1)) {
            String s = m.summaryString();
            for (String row : List.of("conv2d (Conv2D)", "(None, 26, 26, 32)", "320", "max_pooling2d (MaxPooling2D)", "(None, 13, 13, 32)",
                    "conv2d_1 (Conv2D)", "(None, 11, 11, 64)", "18,496", "(None, 5, 5, 64)", "(None, 1600)", "16,010", "Total params: 34,826")) {
                assertTrue(s.contains(row), row + " missing from\n" + s);
            }
        }
        try (Sequential m = Recipes.byName("mnist-lenet").model(1)) {
            String s = m.summaryString();
            for (String row : List.of("(None, 28, 28, 6)", "156", "average_pooling2d   ", "(AveragePooling2D)", "(None, 14, 14, 6)",
                    "(None, 10, 10, 16)", "2,416", "(None, 5, 5, 16)", "(None, 400)", "Total params: 61,706")) {
                assertTrue(s.contains(row), row + " missing from\n" + s);
            }
        }
    }

    @Test
    void convKernelIsGlorotUniformInKerasLayout() {
        try (TensorStore store = new TensorStore()) {
            Conv2D c = Layers.conv2d(8, 3, Activation.RELU);
            c.named("conv2d");
            c.build(new int[] {10, 10, 4}, new BuildContext(store, 3), 0);
            assertArrayEquals(new int[] {3, 3, 4, 8}, c.kernel().value().shape());
            assertArrayEquals(new int[] {8, 8, 8}, c.outputShape());
            double limit = Math.sqrt(6.0 / (9 * 4 + 9 * 8));
            float[] k = c.kernel().value().toArray();
            double max = 0;
            for (float v : k) max = Math.max(max, Math.abs(v));
            assertTrue(max <= limit && max > 0.8 * limit, "glorot limit " + limit + ", largest " + max);
            assertArrayEquals(new float[8], c.bias().value().toArray());
        }
    }

    @Test
    void savedArchitectureLoadsBackWithTheSameConfigAndPredictions() throws Exception {
        Path file = tmp.resolve("convs.mako");
        try (TensorStore store = new TensorStore();
             Sequential m = Sequential.of(Layers.input(9, 8, 3),
                     Layers.conv2d(4, 3, 2, LayerActivation.leakyRelu(0.1f)).strides(2, 1).padding(Padding.SAME).dilation(1, 2).useBias(false),
                     Layers.batchNorm(),
                     Layers.maxPool2d(3, 2).strides(1, 2).padding(Padding.SAME),
                     Layers.avgPool2d(2),
                     Layers.conv2d(5, 1, "tanh"),
                     Layers.globalAvgPool2d(),
                     Layers.dense(3, "softmax")).seed(4)) {
            m.compile(Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            Tensor x = random(store, 6, 9, 8, 3), y = store.of(new float[] {0, 1, 2, 0, 1, 2}, 6);
            m.trainOnBatch(x, y);
            m.save(file);
            float[] before = m.predict(x, 4, store).toArray();
            try (Sequential loaded = Sequential.load(file)) {
                assertEquals(m.config().get("layers"), loaded.config().get("layers"));
                assertArrayEquals(before, loaded.predict(x, 4, store).toArray());
                assertEquals(m.summaryString(), loaded.summaryString());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> conv = (Map<String, Object>) ((Map<String, Object>) ((List<?>) m.config().get("layers")).get(1)).get("config");
            assertEquals(List.of(3, 2), conv.get("kernel_size"));
            assertEquals(List.of(2, 1), conv.get("strides"));
            assertEquals("same", conv.get("padding"));
            assertEquals(List.of(1, 2), conv.get("dilation_rate"));
            assertEquals(false, conv.get("use_bias"));
            assertEquals("leaky_relu", conv.get("activation"));
        }
    }

    @Test
    void batchNormOverChannelsUsesEveryPixelOfTheBatch() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            BatchNormalization bn = new BatchNormalization(0f, 1e-3f);
            bn.named("bn");
            bn.build(new int[] {2, 3, 2}, new BuildContext(store, 1), 0);
            assertEquals(8, bn.paramCount());
            assertEquals(4, bn.trainableParamCount());
            Tensor x = random(store, 4, 2, 3, 2);
            Tensor y = bn.forward(tape, x, true);
            assertArrayEquals(x.shape(), y.shape());
            float[] xv = x.toArray(), yv = y.toArray();
            for (int c = 0; c < 2; c++) {
                double sum = 0, sq = 0, ysum = 0;
                for (int i = c; i < xv.length; i += 2) {
                    sum += xv[i];
                    ysum += yv[i];
                }
                double mean = sum / 24;
                for (int i = c; i < xv.length; i += 2) sq += (xv[i] - mean) * (xv[i] - mean);
                assertEquals(mean, bn.movingMean().value().getFlat(c), 1e-5, "channel " + c + " mean over 4 images x 6 pixels");
                assertEquals(sq / 24, bn.movingVariance().value().getFlat(c), 1e-5, "channel " + c + " variance");
                assertEquals(0, ysum / 24, 1e-5, "normalised channel " + c + " has mean 0");
            }
        }
    }

    @Test
    void badShapesFailClearlyBeforeAnythingIsBuilt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(Layers.input(28, 28), Layers.conv2d(4, 3, Activation.RELU)).build(28, 28));
        assertTrue(e.getMessage().contains("[28, 28]") && e.getMessage().contains("channel"), e.getMessage());
        Sequential tooLarge = Sequential.of(Layers.input(3, 3, 1), Layers.conv2d(4, 5, Activation.RELU));
        e = assertThrows(IllegalArgumentException.class, () -> tooLarge.build(3, 3, 1));
        assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("3x3"), e.getMessage());
        assertFalse(tooLarge.layers().get(1).isBuilt());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(Layers.input(4, 4, 2), Layers.maxPool2d(5)).build(4, 4, 2));
        assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("4x4"), e.getMessage());
        try (TensorStore store = new TensorStore(); Sequential m = Recipes.byName("mnist-cnn").model(1)) {
            m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            float[] before = m.parameters().get(0).value().toArray();
            e = assertThrows(IllegalArgumentException.class, () -> m.trainOnBatch(store.zeros(2, 28, 28), store.zeros(2)));
            assertTrue(e.getMessage().contains("[2, 28, 28]") && e.getMessage().contains("28, 28, 1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(store.zeros(2, 27, 28, 1), 2, store));
            assertTrue(e.getMessage().contains("[2, 27, 28, 1]"), e.getMessage());
            assertArrayEquals(before, m.parameters().get(0).value().toArray(), "no weight changed");
            assertEquals(0L, m.optimizer().iterations());
        }
    }

    private static Tensor random(TensorStore store, int... shape) {
        Tensor t = store.allocate(shape);
        SplittableRandom r = new SplittableRandom(9);
        for (long i = 0; i < t.size(); i++) t.setFlat(i, (float) r.nextDouble(-1, 1));
        return t;
    }
}
