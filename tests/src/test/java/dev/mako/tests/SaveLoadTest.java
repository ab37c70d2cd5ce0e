package dev.mako.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.data.Dataset;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.io.WeightsMismatchException;
import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.layers.Parameter;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
    @TempDir
    Path tmp;

    @Test
    void saveThenLoadGivesIdenticalPredictionsAndTheSameCompileSettings() throws Exception {
        try (TrainTest mnist = Datasets.mnist(SharedData.mnistDir());
             Sequential model = Recipes.byName("mnist-mlp").model(3);
             TensorStore out = new TensorStore()) {
            Dataset train = mnist.train().first(2000), test = mnist.test().first(500);
            model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.fit(train.x(), train.y(), FitOptions.epochs(1).verbose(0));
            Path file = tmp.resolve("mnist.mako");
            model.save(file);
            float[] before = model.predict(test.x(), 100, out).toArray();
            try (Sequential loaded = Sequential.load(file)) {
                assertArrayEquals(before, loaded.predict(test.x(), 100, out).toArray(), "predictions after load");
                assertEquals(model.summaryString(), loaded.summaryString());
                assertEquals("adam", loaded.optimizer().name());
                assertEquals(model.optimizer().config(), normalise(loaded.optimizer().config(), model.optimizer().config()));
                // Same accuracy; the mean loss to float precision: evaluate's sums are split over the pool,
                // and how depends on whether another thread holds it at that moment.
                Map<String, Double> a = model.evaluate(test.x(), test.y()), b = loaded.evaluate(test.x(), test.y());
                assertEquals(a.get("accuracy"), b.get("accuracy"));
                assertEquals(a.get("loss"), b.get("loss"), 1e-6 * a.get("loss"));
            }
            Path folder = tmp.resolve("folder/");
            Files.createDirectories(folder);
            model.save(folder);
            try (Sequential loaded = Sequential.load(folder)) {
                assertArrayEquals(before, loaded.predict(test.x(), 100, out).toArray(), "predictions after folder load");
            }
        }
    }

    /** Numbers come back from JSON as Long/Double: compare by value. */
    private static Map<String, Object> normalise(Map<String, Object> loaded, Map<String, Object> original) {
        var m = new java.util.LinkedHashMap<String, Object>();
        loaded.forEach((k, v) -> {
            Object o = original.get(k);
            if (v instanceof Number n && o instanceof Float) m.put(k, n.floatValue());
            else if (v instanceof Number n && o instanceof Double) m.put(k, n.doubleValue());
            else if (v instanceof Number n && o instanceof Integer) m.put(k, n.intValue());
            else if (v instanceof Number n && o instanceof Long) m.put(k, n.longValue());
            else m.put(k, v);
        });
        return m;
    }

    /** A second, independent reader of the safetensors layout: 8-byte header length, JSON header, little-endian data. */
    @Test
    void savedFileReadsBackWithAnIndependentSafetensorsParser() throws Exception {
        try (Sequential model = Sequential.of(Layers.input(5), Layers.dense(4, Activation.RELU), Layers.batchNorm(), Layers.dense(3, "softmax")).seed(9)) {
            model.compile(Optimizers.sgd(0.1), Losses.sparseCategoricalCrossentropy());
            Path file = tmp.resolve("small.safetensors");
            model.save(file);
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = buf.getLong(0);
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            int dataStart = 8 + (int) headerLength;
            Pattern entry = Pattern.compile("\"([a-z_0-9.]+)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"F32\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([0-9, ]*)\\]\\s*,\\s*\"data_offsets\"\\s*:\\s*\\[(\\d+)\\s*,\\s*(\\d+)\\]");
            int found = 0;
            for (Parameter p : model.parameters()) {
                Matcher m = entry.matcher(header);
                boolean hit = false;
                while (m.find()) {
                    if (!m.group(1).equals(p.fullName())) continue;
                    hit = true;
                    int begin = Integer.parseInt(m.group(3)), end = Integer.parseInt(m.group(4));
                    assertEquals(p.size() * 4, end - begin, p.fullName());
                    float[] expected = p.value().toArray();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], buf.getFloat(dataStart + begin + 4 * i), p.fullName() + "[" + i + "]");
                    }
                }
                assertTrue(hit, p.fullName() + " missing from header " + header);
                found++;
            }
            assertEquals(8, found); // dense kernel+bias, batch norm gamma, beta, moving mean, moving variance, dense_1 kernel+bias
            assertTrue(header.contains("dense_1.kernel") && header.contains("batch_normalization.moving_variance"), header);
        }
    }

    @Test
    void strictLoadIntoAnotherArchitectureNamesTheMismatchedTensors() throws Exception {
        try (Sequential a = Sequential.of(Layers.input(5), Layers.dense(4), Layers.dense(3)).seed(1);
             Sequential b = Sequential.of(Layers.input(5), Layers.dense(6), Layers.dense(3)).seed(1)) {
            a.compile(Optimizers.sgd(0.1), Losses.meanSquaredError());
            Path file = tmp.resolve("a.mako");
            a.save(file);
            float[] before = b.parameters().get(0).value().toArray();
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> dev.mako.io.ModelFile.loadWeights(file, b.parameters(), true));
            assertTrue(e.getMessage().contains("dense.kernel"), e.getMessage());
            assertArrayEquals(before, b.parameters().get(0).value().toArray(), "a failed strict load must not copy anything");
        }
    }

    @Test
    void corruptModelFileNamesTheFile() throws Exception {
        Path file = tmp.resolve("broken.mako");
        Files.write(file, new byte[] {1, 2, 3});
        Exception e = assertThrows(Exception.class, () -> Sequential.load(file));
        assertTrue(e.getMessage().contains("broken.mako"), e.getMessage());
    }
}
