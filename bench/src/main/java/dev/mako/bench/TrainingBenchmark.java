package dev.mako.bench;

import dev.mako.data.DataFile;
import dev.mako.data.DatasetFetcher;
import dev.mako.data.DatasetSpec;
import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.Callback;
import dev.mako.model.FitOptions;
import dev.mako.model.Sequential;
import dev.mako.parallel.Parallel;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.Recipe;
import dev.mako.zoo.Recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./mako bench mlp|cnn|lenet|rnn|lstm}: trains a zoo recipe on MNIST with Adam, one warm-up
 * epoch not counted, then counted epochs; reports the median seconds per epoch, samples per second,
 * the final test accuracy, and inference time: the trained model's predictions for the 10,000 test
 * images at the same batch size (no tape, dropout off), the median of {@link #INFER_RUNS} passes
 * after one warm-up pass. With peers ({@code --vs pytorch}, {@code --vs dl4j}), runs the same
 * model, data folder, batch size and thread count in each peer right after Mako at every batch size
 * ({@code torch_mnist.py}, {@code bench/dl4j}), so all sides meet the same machine conditions.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /** Bench workload name → zoo recipe name. */
    public static final Map<String, String> WORKLOADS = Map.of(
            "mlp", "mnist-mlp", "cnn", "mnist-cnn", "lenet", "mnist-lenet", "rnn", "mnist-rnn", "lstm", "mnist-lstm");

    /** What to run. {@code dataDir} null: the dataset cache. */
    public record Settings(String workload, List<Integer> batchSizes, int countedEpochs, List<Peer> peers, Path dataDir, long seed) {
        public Settings {
            if (!WORKLOADS.containsKey(workload)) throw new IllegalArgumentException("unknown training workload '" + workload + "'; one of " + WORKLOADS.keySet());
            if (countedEpochs < 1) throw new IllegalArgumentException("counted epochs must be ≥ 1, got " + countedEpochs);
            batchSizes = List.copyOf(batchSizes);
            peers = List.copyOf(peers);
        }

        public static List<Integer> defaultBatchSizes(String workload) {
            return workload.equals("mlp") ? List.of(32, 128, 512) : List.of(128);
        }
    }

    /** Timed inference passes over the test set (after one warm-up pass). */
    static final int INFER_RUNS = 3;

    /**
     * One system at one batch size. {@code ratio}: the peer's s/epoch over Mako's for peer rows, NaN
     * for Mako's; {@code inferSeconds}: seconds to predict 10,000 test images, NaN if the peer did not report it.
     */
    public record Row(String workload, String system, int batchSize, int threads, double[] epochSeconds, double samplesPerEpoch,
                      double testAccuracy, double inferSeconds, BusyMeter.Busy busy, double ratio, String note) {
        public double secondsPerEpoch() {
            return median(epochSeconds);
        }

        public double samplesPerSec() {
            return samplesPerEpoch / secondsPerEpoch();
        }

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", workload);
            m.put("system", system);
            m.put("batch_size", batchSize);
            m.put("threads", threads);
            m.put("seconds_per_epoch", secondsPerEpoch());
            m.put("samples_per_sec", samplesPerSec());
            m.put("test_accuracy", testAccuracy);
            m.put("infer_seconds_per_10k", inferSeconds);
            List<Object> e = new ArrayList<>();
            for (double s : epochSeconds) e.add(s);
            m.put("epoch_seconds", e);
            m.put("busy", busy.busy());
            m.put("other_cpu_seconds", busy.otherCpuSeconds());
            m.put("ratio_peer_over_mako", ratio);
            m.put("blas", note);
            return m;
        }
    }

    public static Recipe recipe(String workload) {
        String name = WORKLOADS.get(workload);
        Recipe r = Recipes.all().get(name);
        if (r == null) {
            throw new IllegalArgumentException("workload '" + workload + "' needs the recipe " + name
                    + ", which this build does not have yet (recipes: " + String.join(", ", Recipes.all().keySet()) + ")");
        }
        return r;
    }

    public static List<Row> run(Settings s, PrintStream out) throws IOException {
        Recipe recipe = recipe(s.workload());
        DatasetFetcher fetcher = DatasetFetcher.standard(s.dataDir());
        Map<DataFile, Path> files = fetcher.fetch(DatasetSpec.MNIST);
        Path folder = files.get(DatasetSpec.MNIST.trainImages()).getParent();
        int threads = Parallel.threads();
        List<PeerRunner> peers = new ArrayList<>(s.peers().stream().map(Peer::runner).toList());

        out.printf(Locale.ROOT, "%s (%s) on MNIST from %s: 1 warm-up epoch + %d counted, median s/epoch; %d threads%n",
                s.workload(), recipe.name(), folder, s.countedEpochs(), threads);
        out.println("  mako:    " + MakoSide.blasLine());
        for (PeerRunner peer : peers) out.printf(Locale.ROOT, "  %-8s %s%n", peer.system() + ":", peer.setupLine());

        List<Row> rows = new ArrayList<>();
        try (TrainTest mnist = read(files)) {
            for (int batch : s.batchSizes()) {
                Row mako = runMako(recipe, s, mnist, batch, threads);
                rows.add(mako);
                progress(out, mako);
                for (var it = peers.iterator(); it.hasNext(); ) {
                    Row peer = runPeer(it.next(), s, folder, batch, threads, mnist.train().size(), mako.secondsPerEpoch(), out);
                    if (peer != null) {
                        rows.add(peer);
                        progress(out, peer);
                    } else {
                        it.remove(); // reported once; go on with the other rows
                    }
                }
            }
        }
        return rows;
    }

    private static TrainTest read(Map<DataFile, Path> files) throws IOException {
        DatasetSpec spec = DatasetSpec.MNIST;
        var train = Datasets.read("mnist train", files.get(spec.trainImages()), files.get(spec.trainLabels()));
        try {
            return new TrainTest(train, Datasets.read("mnist test", files.get(spec.testImages()), files.get(spec.testLabels())));
        } catch (IOException | RuntimeException e) {
            train.close();
            throw e;
        }
    }

    private static Row runMako(Recipe recipe, Settings s, TrainTest mnist, int batch, int threads) {
        int epochs = 1 + s.countedEpochs();
        EpochMeter meter = new EpochMeter(epochs);
        try (Sequential model = recipe.model(s.seed())) {
            model.compile(recipe.optimizer("adam", Double.NaN), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.fit(recipe.shapeInputs(mnist.train().x()), mnist.train().y(),
                    FitOptions.epochs(epochs).batchSize(batch).seed(s.seed()).verbose(0).callbacks(meter));
            Tensor testX = recipe.shapeInputs(mnist.test().x());
            double acc = model.evaluate(testX, mnist.test().y(), 1000).get("accuracy");
            return new Row(s.workload(), "mako", batch, threads, meter.countedSeconds(), mnist.train().size(), acc,
                    inferSeconds(model, testX, batch), meter.countedBusy(), Double.NaN, "mako");
        }
    }

    /** Seconds per 10,000 samples of {@code model.predict} over x at this batch size: the median pass after a warm-up. */
    private static double inferSeconds(Sequential model, Tensor x, int batch) {
        double[] passes = new double[INFER_RUNS];
        try (TensorStore out = new TensorStore()) {
            for (int r = -1; r < INFER_RUNS; r++) {
                long start = System.nanoTime();
                model.predict(x, batch, out);
                if (r >= 0) passes[r] = (System.nanoTime() - start) / 1e9;
            }
        }
        return median(passes) * 10_000 / x.dim(0);
    }

    private static void progress(PrintStream out, Row r) {
        out.printf(Locale.ROOT, "  %-7s batch %4d: %.3f s/epoch, test accuracy %.4f%s%n", r.system(), r.batchSize(), r.secondsPerEpoch(),
                r.testAccuracy(), busyNote(r.busy()));
    }

    private static Row runPeer(PeerRunner peer, Settings s, Path folder, int batch, int threads, int samples,
                               double makoSeconds, PrintStream out) {
        int epochs = 1 + s.countedEpochs();
        PeerResult r = peer.run(List.of(s.workload(), "--data", folder.toString(), "--epochs", Integer.toString(epochs),
                "--batch-size", Integer.toString(batch), "--threads", Integer.toString(threads), "--seed", Long.toString(s.seed())), threads);
        if (!r.ok()) {
            out.println("  " + peer.system() + ": skipped, " + r.problem());
            return null;
        }
        Row row = peerRow(peer.system(), peer.framework(), s.workload(), batch, threads, samples, makoSeconds, r.json());
        out.println("  " + peer.system() + ": " + row.note());
        return row;
    }

    /**
     * A peer's row from its JSON line ({@code torch_mnist.py}'s format): the first of its epochs is
     * the warm-up; {@code ratio} its median counted epoch over Mako's seconds; the note names the
     * framework's version and BLAS.
     */
    static Row peerRow(String system, String framework, String workload, int batch, int threads, int samples, double makoSeconds, Map<String, Object> j) {
        double[] all = numbers(j.get("epoch_seconds"));
        double[] others = numbers(j.get("epoch_other_cpu_seconds"));
        double[] counted = Arrays.copyOfRange(all, Math.min(1, Math.max(0, all.length - 1)), all.length);
        BusyMeter.Busy busy = BusyMeter.Busy.unknown(0);
        if (others.length == all.length && all.length > 0) {
            double wall = 0, other = 0;
            for (int i = Math.min(1, all.length - 1); i < all.length; i++) {
                wall += all[i];
                other += others[i];
            }
            busy = new BusyMeter.Busy(wall, other);
        }
        int peerThreads = j.get("threads") instanceof Number n ? n.intValue() : threads;
        double accuracy = j.get("test_accuracy") instanceof Number n ? n.doubleValue() : Double.NaN;
        double infer = j.get("infer_seconds_per_10k") instanceof Number n ? n.doubleValue() : Double.NaN;
        String note = framework + " " + j.get("version") + ", blas " + j.get("blas") + ", OPENBLAS_CORETYPE " + j.get("coretype");
        return new Row(workload, system, batch, peerThreads, counted, samples, accuracy, infer, busy, median(counted) / makoSeconds, note);
    }

    /** A JSON list of numbers (nulls become NaN). */
    static double[] numbers(Object list) {
        if (!(list instanceof List<?> l)) return new double[0];
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = l.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
        return d;
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String busyNote(BusyMeter.Busy b) {
        return b.busy() ? String.format(Locale.ROOT, "  (BUSY: other processes used %.2f cores on average)", b.otherCores()) : "";
    }

    /** The results as a table, busy rows marked with "*", and a warning line per busy row. */
    public static String table(List<Row> rows) {
        ResultTable t = new ResultTable("workload", "system", "batch", "threads", "s/epoch", "samples/s", "test acc", "peer/mako", "infer s/10k");
        StringBuilder warnings = new StringBuilder();
        for (Row r : rows) {
            String mark = r.busy().busy() ? "*" : "";
            t.add(r.workload(), r.system(), Integer.toString(r.batchSize()), Integer.toString(r.threads()),
                    String.format(Locale.ROOT, "%.3f", r.secondsPerEpoch()) + mark,
                    String.format(Locale.ROOT, "%.0f", r.samplesPerSec()),
                    String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()),
                    Double.isNaN(r.inferSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", r.inferSeconds()));
            if (r.busy().busy()) {
                warnings.append(String.format(Locale.ROOT, "* %s batch %d: machine busy, other processes used %.1f CPU-seconds (%.2f cores) during the counted epochs; not representative%n",
                        r.system(), r.batchSize(), r.busy().otherCpuSeconds(), r.busy().otherCores()));
            }
        }
        return t.format() + warnings;
    }

    public static List<Map<String, Object>> json(List<Row> rows) {
        return rows.stream().map(Row::json).toList();
    }

    /** Per-epoch wall time and others' CPU time; epoch 0 is the warm-up. */
    private static final class EpochMeter implements Callback {
        private final double[] seconds;
        private final BusyMeter.Busy[] busy;
        private BusyMeter current;
        private long start;

        EpochMeter(int epochs) {
            seconds = new double[epochs];
            busy = new BusyMeter.Busy[epochs];
        }

        @Override
        public void onEpochBegin(Sequential model, int epoch) {
            current = BusyMeter.start();
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {
            seconds[epoch] = (System.nanoTime() - start) / 1e9;
            busy[epoch] = current.stop();
        }

        double[] countedSeconds() {
            return Arrays.copyOfRange(seconds, 1, seconds.length);
        }

        BusyMeter.Busy countedBusy() {
            BusyMeter.Busy sum = new BusyMeter.Busy(0, 0);
            for (int i = 1; i < busy.length; i++) sum = sum.plus(busy[i]);
            return sum;
        }
    }
}
