package dev.mako.bench;

import dev.mako.data.Dataset;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.io.AtomicFiles;
import dev.mako.io.Json;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.History;
import dev.mako.model.Sequential;
import dev.mako.parallel.Parallel;
import dev.mako.tensor.Tensor;
import dev.mako.zoo.Recipe;
import dev.mako.zoo.Recipes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training seconds per epoch of the row-by-row MNIST recurrent recipes (mnist-rnn, mnist-lstm) on
 * the real data: a warm-up of a few steps, then whole epochs with the recipe's batch size and
 * optimizer; the median epoch is reported, with the test accuracy reached.
 */
public final class RnnBenchmark {
    private RnnBenchmark() {}

    /** {@code epochs} timed epochs per model; {@code trainLimit} samples per epoch (0 = all 60,000). */
    public record Settings(int epochs, int trainLimit, Path dataDir) {
        public static Settings full(Path dataDir) {
            return new Settings(3, 0, dataDir);
        }

        /** One epoch of 12,800 samples each: a figure in under a minute, scaled to the full epoch. */
        public static Settings quick(Path dataDir) {
            return new Settings(1, 12_800, dataDir);
        }
    }

    public record Row(String model, int samplesPerEpoch, double[] epochSeconds, double medianSeconds, double secondsPerFullEpoch,
                      double testAccuracy) {}

    private static final String[] MODELS = {"mnist-rnn", "mnist-lstm"};
    private static final int WARMUP_STEPS = 20;

    public static List<Row> run(Settings s, PrintStream out) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (TrainTest mnist = s.dataDir() == null ? Datasets.mnist() : Datasets.mnist(s.dataDir())) {
            Dataset train = s.trainLimit() > 0 ? mnist.train().first(Math.min(s.trainLimit(), mnist.train().size())) : mnist.train();
            for (String name : MODELS) rows.add(one(Recipes.byName(name), train, mnist.test(), s.epochs(), out));
        }
        out.println();
        out.printf(Locale.ROOT, "%-11s %9s %8s %12s %16s %9s%n", "model", "samples", "epochs", "s/epoch", "s/60k-epoch", "test acc");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-11s %9d %8d %12.2f %16.2f %9.4f%n", r.model(), r.samplesPerEpoch(), r.epochSeconds().length,
                    r.medianSeconds(), r.secondsPerFullEpoch(), r.testAccuracy());
        }
        out.printf(Locale.ROOT, "(median epoch after a %d-step warm-up; batch 128, Adam; %d threads)%n", WARMUP_STEPS, Parallel.threads());
        return rows;
    }

    private static Row one(Recipe recipe, Dataset train, Dataset test, int epochs, PrintStream out) {
        out.printf(Locale.ROOT, "%s: warming up, then %d epoch(s) of %d samples%n", recipe.name(), epochs, train.size());
        try (Sequential model = recipe.model(0)) {
            model.printTo(out);
            model.compile(recipe.optimizer("adam", Double.NaN), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            int batch = recipe.defaultBatchSize();
            Tensor wx = train.x().slice(0, 0, batch), wy = train.y().slice(0, 0, batch);
            for (int i = 0; i < WARMUP_STEPS; i++) model.trainOnBatch(wx, wy);
            History h = model.fit(train.x(), train.y(), FitOptions.epochs(epochs).batchSize(batch).seed(0).verbose(2));
            double[] seconds = h.epochSeconds().stream().mapToDouble(Double::doubleValue).toArray();
            double median = median(seconds);
            double accuracy = model.evaluate(test.x(), test.y(), 1000).get("accuracy");
            return new Row(recipe.name(), train.size(), seconds, median, median * 60_000 / train.size(), accuracy);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void writeJson(List<Row> rows, Path file) throws IOException {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model());
            m.put("samples_per_epoch", r.samplesPerEpoch());
            m.put("epoch_seconds", Arrays.stream(r.epochSeconds()).boxed().toList());
            m.put("median_seconds", r.medianSeconds());
            m.put("seconds_per_60k_epoch", r.secondsPerFullEpoch());
            m.put("test_accuracy", r.testAccuracy());
            m.put("threads", Parallel.threads());
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "rnn");
        root.put("rows", list);
        AtomicFiles.write(file, Json.writePretty(root).getBytes(StandardCharsets.UTF_8));
    }
}
