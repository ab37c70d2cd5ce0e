package dev.mako.bench;

import dev.mako.data.DataFile;
import dev.mako.data.DatasetFetcher;
import dev.mako.data.DatasetSpec;
import dev.mako.data.Datasets;
import dev.mako.data.Dataset;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.Predictor;
import dev.mako.model.Sequential;
import dev.mako.parallel.Parallel;
import dev.mako.zoo.Recipe;
import dev.mako.zoo.Recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

/**
 * {@code ./mako bench infer}: latency of {@link Predictor} on the course MLP, single samples and
 * batches of 64, from one and from two caller threads: p50/p99/p99.9/max over the timed calls
 * after warm-up, samples per second and heap bytes allocated per call. With PyTorch, runs the
 * torch script's {@code infer} workload (eval mode, inference mode, one caller) right after.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** {@code model} null: train the course MLP for one epoch first. */
    public record Settings(Path model, int calls, int warmUpCalls, boolean vsPytorch, Path dataDir) {
        public Settings {
            if (calls < 1) throw new IllegalArgumentException("calls must be ≥ 1, got " + calls);
        }
    }

    public record Row(String system, int batchSize, int callerThreads, double p50, double p99, double p999, double max,
                      double samplesPerSec, double bytesPerCall, BusyMeter.Busy busy) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", "infer");
            m.put("system", system);
            m.put("batch_size", batchSize);
            m.put("caller_threads", callerThreads);
            m.put("p50_us", p50);
            m.put("p99_us", p99);
            m.put("p999_us", p999);
            m.put("max_us", max);
            m.put("samples_per_sec", samplesPerSec);
            m.put("bytes_per_call", bytesPerCall);
            m.put("busy", busy.busy());
            m.put("other_cpu_seconds", busy.otherCpuSeconds());
            return m;
        }
    }

    public static List<Row> run(Settings s, PrintStream out) throws IOException, InterruptedException {
        DatasetFetcher fetcher = DatasetFetcher.standard(s.dataDir());
        Map<DataFile, Path> files = fetcher.fetch(DatasetSpec.MNIST);
        DatasetSpec spec = DatasetSpec.MNIST;
        Path folder = files.get(spec.trainImages()).getParent();
        List<Row> rows = new ArrayList<>();
        out.printf(Locale.ROOT, "inference of the course MLP: %d timed calls per caller after %d warm-up calls; Mako threads %d%n",
                s.calls(), s.warmUpCalls(), Parallel.threads());
        out.println("  mako: " + MakoSide.blasLine());
        try (Dataset test = Datasets.read("mnist test", files.get(spec.testImages()), files.get(spec.testLabels()));
             Sequential model = s.model() != null ? Sequential.load(s.model()) : trainOneEpoch(folder, files, out);
             Predictor predictor = model.predictor()) {
            if (s.model() != null) out.println("  model loaded from " + s.model());
            float[] samples = firstSamples(test, 64, predictor.inputSize());
            for (int batch : new int[] {1, 64}) {
                for (int callers : new int[] {1, 2}) {
                    Row r = measure(predictor, samples, batch, callers, s);
                    rows.add(r);
                    out.printf(Locale.ROOT, "  mako    batch %2d, %d caller(s): p50 %.1f µs, p99 %.1f µs, %.0f B/call%s%n",
                            batch, callers, r.p50(), r.p99(), r.bytesPerCall(), TrainingBenchmark.busyNote(r.busy()));
                }
            }
        }
        if (s.vsPytorch()) rows.addAll(torch(s, folder, out));
        return rows;
    }

    private static Sequential trainOneEpoch(Path folder, Map<DataFile, Path> files, PrintStream out) throws IOException {
        Recipe recipe = Recipes.byName("mnist-mlp");
        DatasetSpec spec = DatasetSpec.MNIST;
        Sequential model = recipe.model(0);
        try (Dataset train = Datasets.read("mnist train", files.get(spec.trainImages()), files.get(spec.trainLabels()))) {
            model.compile(recipe.optimizer("adam", Double.NaN), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.fit(train.x(), train.y(), FitOptions.epochs(1).batchSize(recipe.defaultBatchSize()).verbose(0));
            out.println("  model: mnist-mlp trained for 1 epoch on " + folder);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static float[] firstSamples(Dataset test, int n, int size) {
        float[] all = test.first(n).x().toArray();
        if (all.length != n * size) throw new IllegalStateException("test samples hold " + all.length + " floats, expected " + n * size);
        return all;
    }

    /** One configuration; each caller has its own buffers and latency record, so the timed loop allocates nothing. */
    static Row measure(Predictor predictor, float[] samples, int batch, int callers, Settings s) throws InterruptedException {
        Latency[] latency = new Latency[callers];
        long[] bytes = new long[callers];
        long[] wall = new long[2];
        CyclicBarrier start = new CyclicBarrier(callers, () -> wall[0] = System.nanoTime());
        CyclicBarrier end = new CyclicBarrier(callers, () -> wall[1] = System.nanoTime());
        Throwable[] failure = new Throwable[callers];
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            latency[c] = new Latency(s.calls());
            threads[c] = Thread.ofPlatform().name("infer-caller-" + c).unstarted(() -> {
                try {
                    float[] in = java.util.Arrays.copyOf(samples, batch * predictor.inputSize());
                    float[] out = new float[batch * predictor.outputSize()];
                    Latency lat = latency[id];
                    warmUp(predictor, in, batch, out, s.warmUpCalls());
                    start.await();
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < s.calls(); i++) {
                        long t0 = System.nanoTime();
                        predictor.predict(in, batch, out);
                        lat.record(System.nanoTime() - t0);
                    }
                    bytes[id] = THREADS.getCurrentThreadAllocatedBytes() - before;
                    end.await();
                } catch (Throwable t) {
                    failure[id] = t;
                    start.reset();
                    end.reset();
                }
            });
        }
        BusyMeter meter = BusyMeter.start();
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        BusyMeter.Busy busy = meter.stop();
        for (Throwable t : failure) if (t != null) throw new IllegalStateException("inference caller failed: " + t, t);
        Latency all = new Latency(s.calls() * callers);
        long totalBytes = 0;
        for (int c = 0; c < callers; c++) {
            latency[c].copyInto(all);
            totalBytes += bytes[c];
        }
        double seconds = (wall[1] - wall[0]) / 1e9;
        return new Row("mako", batch, callers, all.quantileMicros(0.50), all.quantileMicros(0.99), all.quantileMicros(0.999),
                all.maxMicros(), (double) batch * all.count() / seconds, (double) totalBytes / all.count(), busy);
    }

    /**
     * At least {@code calls} calls, then windows of 1,000 until one allocates under a byte per call
     * (the JIT has settled) or {@link #WARM_UP_CAP_NANOS} has passed: on a loaded machine compilation
     * finishes late, and a fixed count would time the interpreter.
     */
    private static void warmUp(Predictor p, float[] in, int batch, float[] out, int calls) {
        for (int i = 0; i < calls; i++) p.predict(in, batch, out);
        long deadline = System.nanoTime() + WARM_UP_CAP_NANOS;
        while (System.nanoTime() < deadline) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) p.predict(in, batch, out);
            if (THREADS.getCurrentThreadAllocatedBytes() - before < 1_000) return;
        }
    }

    private static final long WARM_UP_CAP_NANOS = 5_000_000_000L;

    private static List<Row> torch(Settings s, Path folder, PrintStream out) {
        TorchRunner torch = TorchRunner.standard();
        out.println("  pytorch: " + torch.blasChoice() + "; same OPENBLAS_CORETYPE (inherited)");
        PeerResult r = torch.run(List.of("infer", "--data", folder.toString(), "--threads", Integer.toString(Parallel.threads()),
                "--calls", Integer.toString(s.calls())));
        if (!r.ok()) {
            out.println("  pytorch: skipped, " + r.problem());
            return List.of();
        }
        out.println("  pytorch: torch " + r.json().get("version") + ", blas " + r.json().get("blas") + ", OPENBLAS_CORETYPE " + r.json().get("coretype"));
        List<Row> rows = new ArrayList<>();
        if (!(r.json().get("rows") instanceof List<?> list)) {
            out.println("  pytorch: skipped, the infer result has no 'rows' list");
            return rows;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) continue;
            double other = num(m.get("other_cpu_seconds")), wallSeconds = num(m.get("wall_seconds"));
            BusyMeter.Busy busy = Double.isNaN(wallSeconds) ? BusyMeter.Busy.unknown(0) : new BusyMeter.Busy(wallSeconds, other);
            rows.add(new Row("pytorch", (int) num(m.get("batch_size")), (int) num(m.get("caller_threads")), num(m.get("p50_us")),
                    num(m.get("p99_us")), num(m.get("p999_us")), num(m.get("max_us")), num(m.get("samples_per_sec")), Double.NaN, busy));
        }
        return rows;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public static String table(List<Row> rows) {
        ResultTable t = new ResultTable("system", "batch", "callers", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "samples/s", "bytes/call");
        StringBuilder warnings = new StringBuilder();
        for (Row r : rows) {
            String mark = r.busy().busy() ? "*" : "";
            t.add(r.system(), Integer.toString(r.batchSize()), Integer.toString(r.callerThreads()), f1(r.p50()) + mark, f1(r.p99()),
                    f1(r.p999()), f1(r.max()), String.format(Locale.ROOT, "%.0f", r.samplesPerSec()),
                    Double.isNaN(r.bytesPerCall()) ? "-" : String.format(Locale.ROOT, "%.0f", r.bytesPerCall()));
            if (r.busy().busy()) {
                warnings.append(String.format(Locale.ROOT, "* %s batch %d, %d caller(s): machine busy, other processes used %.2f cores on average; not representative%n",
                        r.system(), r.batchSize(), r.callerThreads(), r.busy().otherCores()));
            }
        }
        return t.format() + warnings;
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    public static List<Map<String, Object>> json(List<Row> rows) {
        return rows.stream().map(Row::json).toList();
    }
}
