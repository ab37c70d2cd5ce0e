package dev.mako.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.layers.BuildContext;
import dev.mako.layers.Layer;
import dev.mako.layers.Parameter;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private final List<TensorStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(TensorStore::close);
    }

    /** A layer with a trainable kernel of the given width and a non-trainable running mean. */
    static final class Probe extends Layer {
        private final int units;
        private final boolean withStats;

        Probe(int units, boolean withStats) {
            this.units = units;
            this.withStats = withStats;
        }

        @Override
        public String type() {
            return "Probe";
        }

        @Override
        protected int[] doBuild(int[] in, BuildContext ctx, SplittableRandom random) {
            Parameter k = addParameter("kernel", new int[] {in[0], units}, true);
            for (long i = 0; i < k.size(); i++) k.value().setFlat(i, (float) random.nextDouble());
            if (withStats) {
                Parameter m = addParameter("moving_mean", new int[] {units}, false);
                for (long i = 0; i < m.size(); i++) m.value().setFlat(i, (float) random.nextDouble());
            }
            return new int[] {units};
        }

        @Override
        public Tensor forward(Tape tape, Tensor x, boolean training) {
            return x;
        }
    }

    private List<Parameter> model(long seed, int units0, boolean stats, String... names) {
        TensorStore store = new TensorStore("model");
        stores.add(store);
        BuildContext ctx = new BuildContext(store, seed);
        List<Parameter> params = new ArrayList<>();
        int in = 4;
        for (int i = 0; i < names.length; i++) {
            Layer l = new Probe(i == 0 ? units0 : 3, stats).named(names[i]);
            l.build(new int[] {in}, ctx, i);
            in = l.outputShape()[0];
            params.addAll(l.parameters());
        }
        return params;
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class_name", "Sequential");
        c.put("layers", List.of(Map.of("class_name", "Dense", "units", 128L, "activation", "relu")));
        c.put("optimizer", Map.of("class_name", "Adam", "learning_rate", 0.001));
        return c;
    }

    private static void assertSameValues(List<Parameter> a, List<Parameter> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).fullName(), b.get(i).fullName());
            assertArrayEquals(a.get(i).value().toArray(), b.get(i).value().toArray(), a.get(i).fullName());
        }
    }

    @Test
    void singleFileRoundTrip() throws IOException {
        List<Parameter> saved = model(1, 3, true, "dense", "batch_normalization");
        Path f = dir.resolve("m.mako");
        ModelFile.save(f, saved, config());
        assertEquals(config(), ModelFile.readConfig(f));
        List<Parameter> loaded = model(2, 3, true, "dense", "batch_normalization");
        LoadReport r = ModelFile.loadWeights(f, loaded, true);
        assertTrue(r.isComplete(), r.describe());
        assertEquals(List.of("dense.kernel", "dense.moving_mean", "batch_normalization.kernel", "batch_normalization.moving_mean"), r.loaded());
        assertSameValues(saved, loaded);
    }

    @Test
    void folderRoundTrip() throws IOException {
        List<Parameter> saved = model(1, 3, false, "dense", "dense_1");
        Path d = dir.resolve("model");
        ModelFile.saveFolder(d, saved, config());
        assertTrue(Files.exists(d.resolve(ModelFile.WEIGHTS_FILE)) && Files.exists(d.resolve(ModelFile.CONFIG_FILE)));
        assertTrue(Files.readString(d.resolve(ModelFile.CONFIG_FILE)).contains("\n  \"layers\""), "readable JSON");
        assertEquals(config(), ModelFile.readConfig(d));
        List<Parameter> loaded = model(2, 3, false, "dense", "dense_1");
        assertTrue(ModelFile.loadWeights(d, loaded, true).isComplete());
        assertSameValues(saved, loaded);
    }

    @Test
    void strictLoadListsEveryProblemAndCopiesNothing() throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, model(1, 3, false, "dense", "dense_1"), config());
        // dense has 5 units instead of 3, dense_2 is new, dense_1 is gone.
        List<Parameter> other = model(2, 5, false, "dense", "dense_2");
        float[] before = other.get(1).value().toArray();
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class, () -> ModelFile.loadWeights(f, other, true));
        LoadReport r = e.report();
        assertEquals(List.of("dense_2.kernel"), r.missing());
        assertEquals(List.of("dense_1.kernel"), r.unexpected());
        assertEquals("dense.kernel (file [4, 3], model [4, 5])", r.mismatched().getFirst().toString());
        assertTrue(e.getMessage().contains("dense_2.kernel") && e.getMessage().contains("dense_1.kernel") && e.getMessage().contains("[4, 5]"), e.getMessage());
        assertArrayEquals(before, other.get(1).value().toArray());
    }

    @Test
    void lenientLoadCopiesWhatMatchesAndReportsTheRest() throws IOException {
        Path f = dir.resolve("m.safetensors");
        List<Parameter> saved = model(1, 3, false, "dense", "dense_1");
        ModelFile.save(f, saved, config());
        List<Parameter> other = model(2, 3, false, "dense", "dense_2");
        LoadReport r = ModelFile.loadWeights(f, other, false);
        assertFalse(r.isComplete());
        assertEquals(List.of("dense.kernel"), r.loaded());
        assertEquals(List.of("dense_2.kernel"), r.missing());
        assertEquals(List.of("dense_1.kernel"), r.unexpected());
        assertArrayEquals(saved.getFirst().value().toArray(), other.getFirst().value().toArray());
    }

    @Test
    void plainWeightsFileHasNoConfig() throws IOException {
        Path f = dir.resolve("plain.safetensors");
        SafeTensors.write(f, ModelFile.stateDict(model(1, 3, false, "dense")), null);
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.readConfig(f));
        assertTrue(e.getMessage().contains(ModelFile.CONFIG_KEY));
    }

    @Test
    void duplicateNamesAreRefused() {
        List<Parameter> p = new ArrayList<>(model(1, 3, false, "dense"));
        p.addAll(model(1, 3, false, "dense"));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("x"), p, Map.of()));
    }
}
