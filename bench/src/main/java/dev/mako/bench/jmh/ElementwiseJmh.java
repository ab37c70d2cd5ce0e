package dev.mako.bench.jmh;

import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the elementwise kernels of a training step, one call over a {@code rows x cols} matrix per
 * operation, on the calling thread. Shapes: 32x128 and 128x128 (the MLP's first hidden layer at
 * batch 32 and 128), 128x1600 (the convnet's flattened features, what dropout multiplies),
 * 15488x64 and 86528x32 (conv2's and conv1's outputs at batch 128, 128·11·11 and 128·26·26
 * pixels; the latter is 11 MB an operand, beyond the caches), and 33x31, where every row of the
 * bias add and the whole run end in a masked tail.
 *
 * <p>Bytes moved per call, for GB/s: add, mul, axpy and relu backward 12·n (two reads, one
 * write); relu, tanh, sigmoid, exp and the bias add 8·n; the bias gradient (column sums) 4·n.
 * {@code -jvmArgsPrepend -Dmako.simd=false} runs the scalar loops instead of the Vector API.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ElementwiseJmh extends KernelBenchmark {
    @Param({"32x128", "128x128", "128x1600", "15488x64", "86528x32", "33x31"})
    public String shape;

    private Arena arena;
    private MemorySegment a, b, c, y, dy, bias;
    private int rows, cols, n;

    @Setup(Level.Trial)
    public void allocate() {
        int[] d = BenchData.dims(shape);
        rows = d[0];
        cols = d[1];
        n = rows * cols;
        arena = Arena.ofShared();
        a = BenchData.random(arena, n, 1, -4, 4);
        b = BenchData.random(arena, n, 2, 0.5f, 2);
        dy = BenchData.random(arena, n, 3, -1, 1);
        bias = BenchData.random(arena, cols, 4, -1, 1);
        c = BenchData.zeros(arena, n);
        y = BenchData.zeros(arena, n);
        Activations.forward(Activation.RELU, 0, a, 0, y, 0, n);
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    @Benchmark
    public void add() {
        Elementwise.add(a, 0, b, 0, c, 0, n);
    }

    @Benchmark
    public void mul() {
        Elementwise.mul(a, 0, b, 0, c, 0, n);
    }

    /** c += 0.5·a: c drifts over the run, which costs nothing in time. */
    @Benchmark
    public void axpy() {
        Elementwise.axpy(0.5f, a, 0, c, 0, n);
    }

    @Benchmark
    public void reluForward() {
        Activations.forward(Activation.RELU, 0, a, 0, c, 0, n);
    }

    @Benchmark
    public void reluBackward() {
        Activations.backward(Activation.RELU, 0, y, 0, dy, 0, c, 0, n, false);
    }

    @Benchmark
    public void tanhForward() {
        Activations.forward(Activation.TANH, 0, a, 0, c, 0, n);
    }

    @Benchmark
    public void sigmoidForward() {
        Activations.forward(Activation.SIGMOID, 0, a, 0, c, 0, n);
    }

    @Benchmark
    public void exp() {
        Activations.exp(a, 0, c, 0, n);
    }

    /** c[r, j] = a[r, j] + bias[j], as a dense layer adds its bias. */
    @Benchmark
    public void biasAdd() {
        Elementwise.addRow(a, 0, bias, 0, c, 0, rows, cols);
    }

    /** Column sums of dy added into c[0, cols), as a dense layer's backward forms its bias gradient. */
    @Benchmark
    public void biasGradient() {
        Reductions.sumAxis(dy, 0, 1, rows, cols, c, 0, true);
    }
}
