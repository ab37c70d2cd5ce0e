package dev.mako.bench;

import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Softmax;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise kernels, Vector API path ({@link Simd}) against the scalar path ({@link Scalar},
 * the same code run with {@code -Dmako.simd=false}).
 *
 * <p>Bytes moved per call, for converting ns/op to GB/s: add, axpy and relu backward 12·n
 * (two reads, one write); relu forward and exp 8·n; softmax rows about 16·rows·cols (x read
 * twice, y written and rescaled). n = 16384 floats (64 KiB per operand) is L2-resident and
 * larger than L1; n = 4M (16 MiB per operand) is DRAM-bound.
 *
 * <p>Operands start on 4 KiB boundaries. When an output starts 64–128 bytes past an input modulo
 * 4 KiB (as back-to-back allocations can), loads falsely wait on earlier stores ("4K aliasing"):
 * add at n = 16384 measured 69 instead of 110 GB/s. The page alignment keeps that effect out of
 * these numbers.
 *
 * <pre>java -cp ... org.openjdk.jmh.Main ElementwiseBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ElementwiseBenchmark {

    @Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
    public static class Simd extends ElementwiseBenchmark {}

    @Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Dmako.simd=false"})
    public static class Scalar extends ElementwiseBenchmark {}

    static final long PAGE = 4096;

    /** Three runs of n floats, filled from a fixed seed; relu outputs and gradients included. */
    @State(Scope.Thread)
    public static class Runs {
        @Param({"1024", "16384", "4194304"})
        public int n;

        Arena arena;
        MemorySegment a, b, c, y, dy;

        @Setup(Level.Trial)
        public void setUp() {
            arena = Arena.ofShared();
            a = random(arena, n, 1, -4, 4);
            b = random(arena, n, 2, 0.5f, 2);
            c = arena.allocate(n * 4L, PAGE);
            dy = random(arena, n, 3, -1, 1);
            y = arena.allocate(n * 4L, PAGE);
            Activations.forward(Activation.RELU, 0, a, 0, y, 0, n);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /** A batch of logits: 128×10 (MNIST classes) and 32×128 (a hidden layer's width). */
    @State(Scope.Thread)
    public static class Rows {
        @Param({"128x10", "32x128"})
        public String shape;

        int rows, cols;
        Arena arena;
        MemorySegment x, y;

        @Setup(Level.Trial)
        public void setUp() {
            String[] parts = shape.split("x");
            rows = Integer.parseInt(parts[0]);
            cols = Integer.parseInt(parts[1]);
            arena = Arena.ofShared();
            x = random(arena, rows * cols, 4, -6, 6);
            y = arena.allocate(rows * cols * 4L, PAGE);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    static MemorySegment random(Arena arena, int n, long seed, float lo, float hi) {
        MemorySegment s = arena.allocate(n * 4L, PAGE);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (lo + (hi - lo) * rnd.nextDouble()));
        return s;
    }

    @Benchmark
    public void add(Runs r) {
        Elementwise.add(r.a, 0, r.b, 0, r.c, 0, r.n);
    }

    /** c += 0.5·a: c's contents drift over the run, which costs nothing in time. */
    @Benchmark
    public void axpy(Runs r) {
        Elementwise.axpy(0.5f, r.a, 0, r.c, 0, r.n);
    }

    @Benchmark
    public void reluForward(Runs r) {
        Activations.forward(Activation.RELU, 0, r.a, 0, r.c, 0, r.n);
    }

    @Benchmark
    public void reluBackward(Runs r) {
        Activations.backward(Activation.RELU, 0, r.y, 0, r.dy, 0, r.c, 0, r.n, false);
    }

    @Benchmark
    public void exp(Runs r) {
        Activations.exp(r.a, 0, r.c, 0, r.n);
    }

    @Benchmark
    public void softmaxRows(Rows r) {
        Softmax.softmaxRows(r.x, 0, r.y, 0, r.rows, r.cols);
    }
}
