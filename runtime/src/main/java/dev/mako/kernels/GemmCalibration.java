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
 * Times the Java kernel and OpenBLAS, each with all of Mako's threads, on a few representative
 * GEMM shapes: squares from 16³ to 256³ (larger problems take the 256³ verdict, where both
 * backends are near their peak), the batch-32 MLP layers forward and backward, and a batch-1
 * prediction.
 *
 * <p>Method: rounds over all shapes, each round timing both backends on each shape (alternating
 * which goes first) in batches of about {@value #BATCH_NANOS} ns; a backend's figure is its best
 * batch, which discounts disturbances by other processes. Rounds run for at least
 * {@value #MIN_NANOS} ns (so the JIT has compiled the Java kernel) and stop when a round improves
 * nothing, or at the {@value #MAX_NANOS} ns deadline, checked before every batch; shapes not yet
 * timed by both backends by then are left out (their calls take the nearest measured verdict). Other processes' CPU use meanwhile is
 * recorded ({@link CpuContention}): a disturbed calibration serves this run but is not cached.
 */
final class GemmCalibration {
    private GemmCalibration() {}

    static final long BATCH_NANOS = 200_000;
    static final long MIN_NANOS = 250_000_000;
    static final long MAX_NANOS = 800_000_000;
    /** Above this share of all CPUs taken by other processes, a calibration is used but not cached. */
    static final double DISTURBED_SHARE = 0.15;

    /**
     * Timings of the shapes measured by both backends before the deadline, and the share of all
     * CPUs other processes used meanwhile (-1 if unknown).
     */
    record Result(List<GemmTiming> timings, double othersShare) {
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

    /** Measures the shapes of {@link #SHAPES}. The caller must hold {@link Parallel#tryClaim()}. */
    static Result measure() {
        int threads = Parallel.threads();
        long floatsA = 0, floatsB = 0, floatsC = 0;
        for (GemmShape s : SHAPES) {
            floatsA = Math.max(floatsA, s.floatsA());
            floatsB = Math.max(floatsB, s.floatsB());
            floatsC = Math.max(floatsC, s.floatsC());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(floatsA * Float.BYTES, 64);
            MemorySegment b = arena.allocate(floatsB * Float.BYTES, 64);
            MemorySegment c = arena.allocate(floatsC * Float.BYTES, 64);
            fill(a, 1);
            fill(b, 2);
            int count = SHAPES.size();
            double[] javaNanos = new double[count], openBlasNanos = new double[count];
            Arrays.fill(javaNanos, Double.MAX_VALUE);
            Arrays.fill(openBlasNanos, Double.MAX_VALUE);
            boolean[] settled = new boolean[count];
            // Best speed seen so far (flops per ns) of each backend on any shape, 0 before the first.
            double javaRate = 0, openBlasRate = 0;
            CpuContention contention = CpuContention.start();
            long start = System.nanoTime(), deadline = start + MAX_NANOS;
            rounds:
            for (int round = 0; ; round++) {
                boolean improved = false;
                boolean warm = System.nanoTime() - start > MIN_NANOS;
                for (int i = 0; i < count; i++) {
                    if (settled[i]) continue;
                    GemmShape s = SHAPES.get(i);
                    for (int pass = 0; pass < 2; pass++) {
                        long now = System.nanoTime();
                        if (now > deadline) break rounds;
                        boolean java = (pass == 0) == (round % 2 == 0);
                        // A call predicted to overrun the deadline waits for a later round: a cold Java
                        // kernel (not yet compiled by the JIT) can be a hundred times slower than a warm one.
                        double rate = java ? javaRate : openBlasRate;
                        if (rate > 0 && now + s.flops() / rate > deadline) continue;
                        double best = java ? javaNanos[i] : openBlasNanos[i];
                        double t = time(s, java, best, threads, deadline, a, b, c);
                        if (t < 0.98 * best) improved = true;
                        if (java) {
                            javaNanos[i] = Math.min(best, t);
                            javaRate = Math.max(javaRate, s.flops() / t);
                        } else {
                            openBlasNanos[i] = Math.min(best, t);
                            openBlasRate = Math.max(openBlasRate, s.flops() / t);
                        }
                    }
                    // A shape one backend wins by 2x after the warm-up needs no more rounds.
                    boolean both = javaNanos[i] < Double.MAX_VALUE && openBlasNanos[i] < Double.MAX_VALUE;
                    double ratio = Math.max(javaNanos[i], openBlasNanos[i]) / Math.min(javaNanos[i], openBlasNanos[i]);
                    if (warm && both && ratio > 2) settled[i] = true;
                }
                if (System.nanoTime() - start > MIN_NANOS && !improved) break;
            }
            List<GemmTiming> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (javaNanos[i] == Double.MAX_VALUE || openBlasNanos[i] == Double.MAX_VALUE) continue;
                double flops = SHAPES.get(i).flops();
                out.add(new GemmTiming(SHAPES.get(i), flops / javaNanos[i], flops / openBlasNanos[i]));
            }
            return new Result(out, contention.othersShare());
        }
    }

    /**
     * Nanoseconds per call of one batch sized from the best time so far; the batch ends early at
     * the deadline (on a busy machine one call can take a thousand times its usual time).
     */
    private static double time(GemmShape s, boolean java, double bestSoFar, int threads, long deadline,
                               MemorySegment a, MemorySegment b, MemorySegment c) {
        int reps = bestSoFar == Double.MAX_VALUE ? 1 : (int) Math.max(1, Math.min(10_000, BATCH_NANOS / bestSoFar));
        long t0 = System.nanoTime();
        int done = 0;
        while (done < reps && (done == 0 || System.nanoTime() < deadline)) {
            if (java) {
                JavaGemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
            } else {
                OpenBlas.useThreads(threads);
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
