package dev.mako.kernels;

import dev.mako.blas.OpenBlas;
import dev.mako.parallel.CpuContention;
import dev.mako.parallel.Parallel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the Java kernel and OpenBLAS, each with all of Mako's threads (the route outside pool
 * tasks) and with one thread (the route inside them), on a few representative GEMM shapes:
 * squares from 16³ to 256³ (larger problems take the 256³ verdict, where both backends are near
 * their peak), the batch-32 MLP layers forward and backward, and a batch-1 prediction.
 *
 * <p>Method: first the Java kernel is warmed up until the JIT has compiled it — Vector API code
 * runs a thousand times slower interpreted, and compiling takes a few hundred milliseconds to
 * seconds after the first call — on every calibration shape (each path of the kernel), for at most
 * the budget's warm-up time. Then rounds over all shapes, each round timing the four
 * configurations on each shape (in a rotating order) in batches of about {@value #BATCH_NANOS} ns;
 * a configuration's figure is its best batch, which discounts disturbances by other processes.
 * Rounds stop when one improves nothing (after at least three), or at the budget's deadline,
 * checked before every batch; shapes not fully timed by then are left out (their calls
 * take the nearest measured verdict). Other processes' CPU use meanwhile is recorded
 * ({@link CpuContention}). A calibration that was disturbed, incomplete, or during which the Java
 * kernel never got compiled is provisional (see {@link GemmCalibrationCache}).
 */
final class GemmCalibration {
    private GemmCalibration() {}

    static final long BATCH_NANOS = 200_000;

    /**
     * How long a calibration may take: at most {@code warmUpNanos} to get the Java kernel compiled,
     * and {@code maxNanos} in all.
     */
    record Budget(long warmUpNanos, long maxNanos) {
        /** For tests: under a second, which may leave the calibration provisional. */
        static final Budget QUICK = new Budget(600_000_000L, 950_000_000L);
        /**
         * The once-per-machine calibration: on two busy cores C2 can take seconds to compile the
         * Vector API kernel, and a verdict taken on interpreted code would send every shape to OpenBLAS.
         */
        static final Budget THOROUGH = new Budget(5_000_000_000L, 9_000_000_000L);
    }
    /**
     * A probe at this speed or more is compiled code: interpreted (and C1-compiled) Vector API
     * code stays below 1 GFLOP/s, C2-compiled code runs at tens.
     */
    static final double COMPILED_GFLOPS = 3;
    /** Shapes above this many flops are warmed up only once the smaller ones run compiled. */
    private static final double BIG_FLOPS = 1e7;
    /** Above this share of all CPUs taken by other processes, a calibration is used but not cached. */
    static final double DISTURBED_SHARE = 0.15;

    /**
     * Timings of the shapes fully measured before the deadline, the share of all CPUs other
     * processes used meanwhile (-1 if unknown), and whether the Java kernel was compiled in time.
     */
    record Result(List<GemmTiming> timings, double othersShare, boolean javaCompiled) {
        boolean disturbed() {
            return othersShare > DISTURBED_SHARE;
        }

        /** Every shape of {@link #SHAPES} was measured. */
        boolean complete() {
            return timings.size() == SHAPES.size();
        }
    }

    /** Cheapest first, so a deadline hit on a slow or busy machine still leaves the small shapes measured. */
    static final List<GemmShape> SHAPES = List.of(
            GemmShape.square(16),
            GemmShape.square(32),
            new GemmShape("predict 1x784 . 784x128", 1, 128, 784, false, false),
            GemmShape.square(64),
            new GemmShape("MLP layer 2 32x128 . 128x64", 32, 64, 128, false, false),
            GemmShape.square(128),
            new GemmShape("MLP forward 32x784 . 784x128", 32, 128, 784, false, false),
            new GemmShape("MLP weight grad (32x784)^T . 32x128", 784, 128, 32, true, false),
            new GemmShape("MLP input grad 32x128 . (784x128)^T", 32, 784, 128, false, true),
            GemmShape.square(256));

    /** The four timed configurations: each backend with all of Mako's threads and with one. */
    enum Contender {
        JAVA_ALL, OPENBLAS_ALL, JAVA_ONE, OPENBLAS_ONE;

        boolean java() {
            return this == JAVA_ALL || this == JAVA_ONE;
        }

        boolean oneThread() {
            return this == JAVA_ONE || this == OPENBLAS_ONE;
        }
    }

    /** Measures the shapes of {@link #SHAPES} within {@code budget}. The caller must hold {@link Parallel#tryClaim()}. */
    static Result measure(Budget budget) {
        int threads = Parallel.threads();
        long floatsA = 0, floatsB = 0, floatsC = 0;
        for (GemmShape s : SHAPES) {
            floatsA = Math.max(floatsA, s.floatsA());
            floatsB = Math.max(floatsB, s.floatsB());
            floatsC = Math.max(floatsC, s.floatsC());
        }
        // With a single thread the one-thread figures are the all-thread ones.
        List<Contender> timed = threads > 1 ? List.of(Contender.values()) : List.of(Contender.JAVA_ALL, Contender.OPENBLAS_ALL);
        try (Arena arena = Arena.ofShared()) { // shared, as a model's tensors are: products may be split over the pool
            MemorySegment a = arena.allocate(floatsA * Float.BYTES, 64);
            MemorySegment b = arena.allocate(floatsB * Float.BYTES, 64);
            MemorySegment c = arena.allocate(floatsC * Float.BYTES, 64);
            fill(a, 1);
            fill(b, 2);
            int count = SHAPES.size();
            double[][] nanos = new double[Contender.values().length][count];
            for (double[] row : nanos) Arrays.fill(row, Double.MAX_VALUE);
            // Best speed seen so far (flops per ns) of each contender on any shape, 0 before the first.
            double[] rate = new double[Contender.values().length];
            boolean[] settled = new boolean[count];
            CpuContention contention = CpuContention.start();
            long start = System.nanoTime(), deadline = start + budget.maxNanos();
            boolean javaCompiled = warmUpJava(start + budget.warmUpNanos(), a, b, c);
            rounds:
            for (int round = 0; ; round++) {
                boolean improved = false;
                boolean warm = round >= 2;
                for (int i = 0; i < count; i++) {
                    if (settled[i]) continue;
                    GemmShape s = SHAPES.get(i);
                    for (int pass = 0; pass < timed.size(); pass++) {
                        // Rotate the order so that no contender always runs on the warmest caches.
                        Contender who = timed.get((pass + round) % timed.size());
                        long now = System.nanoTime();
                        if (now > deadline) break rounds;
                        // A call predicted to overrun the deadline waits for a later round: a cold Java
                        // kernel (not yet compiled by the JIT) can be a hundred times slower than a warm one.
                        double r = rate[who.ordinal()];
                        if (r > 0 && now + s.flops() / r > deadline) continue;
                        double best = nanos[who.ordinal()][i];
                        double t = time(s, who, best, threads, deadline, a, b, c);
                        if (t < 0.98 * best) improved = true;
                        nanos[who.ordinal()][i] = Math.min(best, t);
                        rate[who.ordinal()] = Math.max(r, s.flops() / t);
                    }
                    // A shape each of whose comparisons one side wins by 2x needs no more rounds.
                    if (warm && decisive(nanos, Contender.JAVA_ALL, Contender.OPENBLAS_ALL, i)
                            && (threads == 1 || decisive(nanos, Contender.JAVA_ONE, Contender.OPENBLAS_ONE, i))) {
                        settled[i] = true;
                    }
                }
                if (round >= 2 && !improved) break;
            }
            if (threads == 1) {
                nanos[Contender.JAVA_ONE.ordinal()] = nanos[Contender.JAVA_ALL.ordinal()];
                nanos[Contender.OPENBLAS_ONE.ordinal()] = nanos[Contender.OPENBLAS_ALL.ordinal()];
            }
            List<GemmTiming> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                double flops = SHAPES.get(i).flops();
                double[] g = new double[Contender.values().length];
                boolean all = true;
                for (Contender who : Contender.values()) {
                    all &= nanos[who.ordinal()][i] < Double.MAX_VALUE;
                    g[who.ordinal()] = flops / nanos[who.ordinal()][i];
                }
                if (!all) continue;
                out.add(new GemmTiming(SHAPES.get(i), g[Contender.JAVA_ALL.ordinal()], g[Contender.OPENBLAS_ALL.ordinal()],
                        g[Contender.JAVA_ONE.ordinal()], g[Contender.OPENBLAS_ONE.ordinal()]));
            }
            return new Result(out, contention.othersShare(), javaCompiled);
        }
    }

    /**
     * Calls the Java kernel on every calibration shape in turn — each takes its own code path (few
     * rows unpacked, packed panels, transposed operands, one row), and the JIT compiles each path
     * only once it has run — until every shape has run at {@value #COMPILED_GFLOPS} GFLOP/s or
     * more twice in a row, or until {@code until}; true when all are compiled.
     */
    private static boolean warmUpJava(long until, MemorySegment a, MemorySegment b, MemorySegment c) {
        int[] fastRuns = new int[SHAPES.size()];
        int done = 0, small = 0, smallDone = 0;
        for (GemmShape s : SHAPES) if (s.flops() <= BIG_FLOPS) small++;
        while (done < fastRuns.length && System.nanoTime() < until) {
            for (int i = 0; i < fastRuns.length; i++) {
                GemmShape s = SHAPES.get(i);
                boolean big = s.flops() > BIG_FLOPS;
                // An interpreted call on a big shape could take seconds: big ones wait until the small ones run compiled.
                if (big && (fastRuns[i] >= 2 || smallDone < small)) continue;
                long t0 = System.nanoTime();
                JavaGemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
                boolean fast = s.flops() / (System.nanoTime() - t0) >= COMPILED_GFLOPS;
                if (fastRuns[i] < 2) {
                    fastRuns[i] = fast ? fastRuns[i] + 1 : 0;
                    if (fastRuns[i] == 2) {
                        done++;
                        if (!big) smallDone++;
                    }
                }
            }
        }
        return done == fastRuns.length;
    }

    private static boolean decisive(double[][] nanos, Contender x, Contender y, int i) {
        double p = nanos[x.ordinal()][i], q = nanos[y.ordinal()][i];
        return p < Double.MAX_VALUE && q < Double.MAX_VALUE && Math.max(p, q) / Math.min(p, q) > 2;
    }

    /**
     * Nanoseconds per call of one batch sized from the best time so far; the batch ends early at
     * the deadline (on a busy machine one call can take a thousand times its usual time). One-thread
     * runs are what the dispatch does inside a pool task: the Java kernel called from within a task
     * (where the pool runs serially), OpenBLAS with its thread count at 1.
     */
    private static double time(GemmShape s, Contender who, double bestSoFar, int threads, long deadline,
                               MemorySegment a, MemorySegment b, MemorySegment c) {
        int reps = bestSoFar == Double.MAX_VALUE ? 1 : (int) Math.max(1, Math.min(10_000, BATCH_NANOS / bestSoFar));
        if (who == Contender.JAVA_ONE) {
            double[] out = new double[1];
            Parallel.forRange(threads, 1, (start, end) -> {
                if (start == 0) out[0] = batch(s, who, reps, threads, deadline, a, b, c);
            });
            return out[0];
        }
        return batch(s, who, reps, threads, deadline, a, b, c);
    }

    private static double batch(GemmShape s, Contender who, int reps, int threads, long deadline,
                                MemorySegment a, MemorySegment b, MemorySegment c) {
        long t0 = System.nanoTime();
        int done = 0;
        while (done < reps && (done == 0 || System.nanoTime() < deadline)) {
            if (who.java()) {
                JavaGemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
            } else {
                OpenBlas.useThreads(1);
                OpenBlas.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
            }
            done++;
        }
        return (double) (System.nanoTime() - t0) / done;
    }

    /** Deterministic values in [-1, 1): timing must not depend on denormals or zeros. */
    static void fill(MemorySegment s, long seed) {
        long x = seed * 0x9E3779B97F4A7C15L;
        long n = s.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((x >>> 40) / (double) (1L << 24) * 2 - 1));
        }
    }
}
