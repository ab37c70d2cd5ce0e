package dev.mako.bench;

import dev.mako.blas.OpenBlas;
import dev.mako.kernels.GemmDispatch;
import dev.mako.kernels.GemmShape;
import dev.mako.kernels.JavaGemm;
import dev.mako.parallel.CpuContention;
import dev.mako.parallel.Parallel;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./mako bench gemm}: GFLOP/s of OpenBLAS and the Java kernel, each at 1 thread and at all
 * of Mako's threads, on squares 64–2048 and the batch-32 MLP shapes, plus the backend the
 * dispatch picks for each shape outside and (in parentheses) inside pool tasks.
 *
 * <p>Method: per shape and configuration, warm-up calls for a set time (extended while calls keep
 * getting faster, up to four times as long), then samples of at
 * least a fixed duration each (several calls when they are short); the figure is the median
 * sample. Single-threaded runs are honest single-threaded runs: OpenBLAS with its thread count
 * set to 1, the Java kernel called from inside a pool task (where Mako's pool runs serially), with
 * the pool idle in both cases. A configuration whose call would take longer than a cap, judged
 * from its speed on the previous square, is skipped rather than left to run for minutes.
 * Measurements during which other processes used more than 15 % of the CPUs are flagged.
 */
public final class GemmBenchmark {
    private GemmBenchmark() {}

    /**
     * How long to measure: {@code quick} finishes in well under 30 s on a quiet machine, the full
     * run in about 3 minutes. Calls longer than a sample get fewer samples (at least 3), so one
     * configuration takes about {@code configNanos} at most after its warm-up.
     */
    public record Settings(long jitWarmUpNanos, long warmUpNanos, int samples, long sampleNanos, long configNanos, double maxSecondsPerCall) {
        public static Settings quick() {
            return new Settings(1_500_000_000L, 150_000_000L, 5, 20_000_000L, 400_000_000L, 0.3);
        }

        public static Settings full() {
            return new Settings(4_000_000_000L, 600_000_000L, 10, 60_000_000L, 2_000_000_000L, 2.0);
        }
    }

    /** One measured (or skipped) configuration. {@code gflops} is NaN when skipped. */
    public record Row(GemmShape shape, String backend, int threads, double gflops, double othersShare, String note) {
        boolean measured() {
            return !Double.isNaN(gflops);
        }

        boolean disturbed() {
            return othersShare > 0.15;
        }
    }

    private record Config(String backend, int threads) {}

    public static List<GemmShape> shapes() {
        List<GemmShape> s = new ArrayList<>();
        for (int n : new int[] {64, 128, 256, 512, 1024, 2048}) s.add(GemmShape.square(n));
        s.add(new GemmShape("MLP forward 32x784 . 784x128", 32, 128, 784, false, false));
        s.add(new GemmShape("MLP weight grad (32x784)^T . 32x128", 784, 128, 32, true, false));
        s.add(new GemmShape("MLP input grad 32x128 . (784x128)^T", 32, 784, 128, false, true));
        return s;
    }

    /** Runs every shape and configuration, printing the table to {@code out} as rows complete. */
    public static List<Row> run(Settings settings, PrintStream out) {
        int threads = Parallel.threads();
        List<Config> configs = new ArrayList<>();
        List<Integer> counts = threads > 1 ? List.of(1, threads) : List.of(1);
        if (OpenBlas.isAvailable()) for (int t : counts) configs.add(new Config("openblas", t));
        for (int t : counts) configs.add(new Config("java", t));

        out.println("GEMM GFLOP/s, median of up to " + settings.samples() + " timed samples after warm-up; Mako threads: " + threads);
        out.println("  OpenBLAS: " + (OpenBlas.isAvailable() ? OpenBlas.choiceLine() : "not used (" + OpenBlas.library().why() + ")"));
        out.println("  dispatch: mode " + GemmDispatch.mode().label() + ", table " + describeTable());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s", "m x n x k"));
        for (Config c : configs) head.append(String.format(Locale.ROOT, "%14s", c.backend() + " " + c.threads() + "T"));
        out.println(head.append("   dispatch (in a task)"));

        warmUpJit(configs, settings);
        List<Row> rows = new ArrayList<>();
        Map<Config, Double> lastSquareGflops = new HashMap<>();
        boolean anyDisturbed = false;
        for (GemmShape shape : shapes()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", shape.dims()));
            for (Config c : configs) {
                Row row = measure(shape, c, settings, lastSquareGflops.get(c));
                rows.add(row);
                if (row.measured() && shape.m() == shape.n() && shape.n() == shape.k()) lastSquareGflops.put(c, row.gflops());
                anyDisturbed |= row.disturbed();
                line.append(row.measured()
                        ? String.format(Locale.ROOT, "%13.1f%s", row.gflops(), row.disturbed() ? "*" : " ")
                        : String.format(Locale.ROOT, "%14s", "skipped"));
            }
            line.append("   ").append(GemmDispatch.backendFor(shape.m(), shape.n(), shape.k()))
                    .append(" (").append(GemmDispatch.backendInTaskFor(shape.m(), shape.n(), shape.k())).append(")");
            out.println(line);
        }
        if (anyDisturbed) out.println("* other processes used more than 15% of the CPUs during this measurement: not representative");
        for (Row r : rows) if (!r.measured()) out.println("skipped " + r.shape().dims() + " " + r.backend() + " " + r.threads() + "T: " + r.note());
        return rows;
    }

    /**
     * Runs every backend on the shapes up to 256³, round after round, for the set time before
     * anything is measured: the Java kernel has one code path per transpose combination, and
     * Vector API code is a hundred times slower until C2 has compiled it.
     */
    private static void warmUpJit(List<Config> configs, Settings settings) {
        List<GemmShape> small = shapes().stream().filter(s -> s.flops() <= 2.0 * 256 * 256 * 256).toList();
        try (Arena arena = Arena.ofShared()) { // shared, as a model's tensors are: the pool may split a product
            MemorySegment a = random(arena, 784L * 784, 1), b = random(arena, 784L * 784, 2);
            MemorySegment cm = arena.allocate(4L * 784 * 784, 64);
            long end = System.nanoTime() + settings.jitWarmUpNanos();
            while (System.nanoTime() < end) {
                for (Config c : configs) {
                    if (c.threads() != Parallel.threads()) continue; // same code at 1 thread
                    for (GemmShape s : small) runMeasurement(c, call(s, c, a, b, cm));
                }
            }
        }
    }

    private static String describeTable() {
        return GemmDispatch.tableSource();
    }

    private static Row measure(GemmShape s, Config c, Settings settings, Double previousSquareGflops) {
        if (previousSquareGflops != null) {
            double estimate = s.flops() / (previousSquareGflops * 1e9);
            if (estimate > settings.maxSecondsPerCall()) {
                return new Row(s, c.backend(), c.threads(), Double.NaN, 0,
                        String.format(Locale.ROOT, "about %.1f s per call at the previous size's speed, over the %.1f s cap", estimate, settings.maxSecondsPerCall()));
            }
        }
        try (Arena arena = Arena.ofShared()) { // shared, as a model's tensors are: the pool may split a product
            MemorySegment a = random(arena, (long) s.m() * s.k(), 1);
            MemorySegment b = random(arena, (long) s.k() * s.n(), 2);
            MemorySegment cm = arena.allocate((long) s.m() * s.n() * Float.BYTES, 64);
            Runnable call = call(s, c, a, b, cm);
            double[] gflops = new double[settings.samples()];
            int[] sampleCount = new int[1];
            CpuContention contention = CpuContention.start();
            runMeasurement(c, () -> {
                // Warm up for the set time, longer while calls keep getting faster (the JIT is
                // still compiling), up to four times the set time.
                long warmStart = System.nanoTime();
                long warmEnd = warmStart + settings.warmUpNanos(), warmLimit = warmStart + 4 * settings.warmUpNanos();
                call.run();
                double perCall = System.nanoTime() - warmStart;
                while (System.nanoTime() < warmEnd) {
                    long t = System.nanoTime();
                    call.run();
                    double d = System.nanoTime() - t;
                    if (d < 0.95 * perCall) warmEnd = Math.min(warmLimit, System.nanoTime() + settings.warmUpNanos() / 2);
                    perCall = Math.min(perCall, d);
                }
                int reps = (int) Math.max(1, Math.min(1_000_000, settings.sampleNanos() / Math.max(1, perCall)));
                int samples = (int) Math.max(3, Math.min(settings.samples(), settings.configNanos() / Math.max(1, perCall * reps)));
                for (int i = 0; i < samples; i++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) call.run();
                    gflops[i] = s.flops() * reps / (System.nanoTime() - t0);
                }
                sampleCount[0] = samples;
            });
            double[] taken = Arrays.copyOf(gflops, sampleCount[0]);
            Arrays.sort(taken);
            double median = taken.length % 2 == 1 ? taken[taken.length / 2] : (taken[taken.length / 2 - 1] + taken[taken.length / 2]) / 2;
            return new Row(s, c.backend(), c.threads(), median, contention.othersShare(), "");
        }
    }

    /** One call of the configuration's backend, straight to the kernel rather than through the dispatch. */
    private static Runnable call(GemmShape s, Config c, MemorySegment a, MemorySegment b, MemorySegment cm) {
        int lda = s.transA() ? s.m() : s.k(), ldb = s.transB() ? s.k() : s.n();
        if (c.backend().equals("openblas")) {
            return () -> OpenBlas.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, cm, 0, s.n());
        }
        return () -> JavaGemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, cm, 0, s.n());
    }

    /**
     * Runs {@code body} in the configuration's threading context: OpenBLAS with the pool claimed
     * and its thread count set; the Java kernel at all threads from this thread, at 1 thread from
     * inside a pool task.
     */
    private static void runMeasurement(Config c, Runnable body) {
        if (c.backend().equals("openblas")) {
            if (!Parallel.tryClaim()) throw new IllegalStateException("Mako's thread pool is busy; run the benchmark alone");
            try {
                OpenBlas.useThreads(c.threads());
                body.run();
            } finally {
                OpenBlas.useThreads(1); // as the dispatch keeps it: Mako's pool splits large products
                Parallel.releaseClaim();
            }
        } else if (c.threads() == 1 && Parallel.threads() > 1) {
            Parallel.forRange(Parallel.threads(), 1, (start, end) -> {
                if (start == 0) body.run();
            });
        } else {
            body.run();
        }
    }

    private static MemorySegment random(Arena arena, long floats, long seed) {
        MemorySegment s = arena.allocate(floats * Float.BYTES, 64);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < floats; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (rnd.nextDouble() * 2 - 1));
        return s;
    }

    /** Writes {@code [{"m":..,"n":..,"k":..,"threads":..,"backend":..,"gflops":..}, ...]} (measured rows only) via a temporary file. */
    public static void writeJson(List<Row> rows, Path file) throws IOException {
        StringBuilder json = new StringBuilder("[\n");
        List<Row> measured = rows.stream().filter(Row::measured).toList();
        for (int i = 0; i < measured.size(); i++) {
            Row r = measured.get(i);
            json.append(String.format(Locale.ROOT, "  {\"m\":%d,\"n\":%d,\"k\":%d,\"threads\":%d,\"backend\":\"%s\",\"gflops\":%.3f}%s%n",
                    r.shape().m(), r.shape().n(), r.shape().k(), r.threads(), r.backend(), r.gflops(), i + 1 < measured.size() ? "," : ""));
        }
        json.append("]\n");
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
        try {
            Files.writeString(tmp, json);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
