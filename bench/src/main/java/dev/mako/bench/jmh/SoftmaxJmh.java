package dev.mako.bench.jmh;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Softmax;
import dev.mako.ops.ProbabilityCrossEntropyOp;
import dev.mako.ops.SoftmaxCrossEntropyOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
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
 * JMH: softmax over the rows of {@code batch x classes} logits, the kernels alone and the loss
 * heads of a classifier through their ops, forward (recorded on a tape, as in training) and
 * forward + backward. Shapes: 32x10 and 128x10 (MNIST at the MLP's and the convnet's batch
 * sizes: a row fits one vector) and 128x1000 (a wide row, ending in a masked tail).
 *
 * <p>{@code afterSoftmax*} is the MNIST recipes' head: a softmax output, then sparse categorical
 * cross-entropy on the probabilities, whose backward goes to the logits in one pass.
 * {@code fromLogits*} is the fused softmax cross-entropy on logits ({@code from_logits=True}).
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SoftmaxJmh extends KernelBenchmark {
    @Param({"32x10", "128x10", "128x1000"})
    public String shape;

    private TensorStore store;
    private Tape tape;
    private Tensor logits, labels, p, dy, dx;
    private int rows, cols;

    @Setup(Level.Trial)
    public void allocate() {
        int[] d = BenchData.dims(shape);
        rows = d[0];
        cols = d[1];
        store = new TensorStore("SoftmaxJmh");
        tape = new Tape();
        logits = BenchData.random(store.allocate(rows, cols), 1, -6, 6);
        logits.requiresGrad = true;
        labels = store.allocate(rows);
        for (int r = 0; r < rows; r++) labels.setFlat(r, r % cols);
        p = store.allocate(rows, cols);
        Softmax.softmaxRows(logits.segment(), logits.offset(), p.segment(), p.offset(), rows, cols);
        dy = BenchData.random(store.allocate(rows, cols), 2, -1, 1);
        dx = store.zeros(rows, cols);
    }

    @TearDown(Level.Trial)
    public void free() {
        tape.close();
        store.close();
    }

    @Benchmark
    public Tensor softmax() {
        Softmax.softmaxRows(logits.segment(), logits.offset(), p.segment(), p.offset(), rows, cols);
        return p;
    }

    @Benchmark
    public Tensor logSoftmax() {
        Softmax.logSoftmaxRows(logits.segment(), logits.offset(), dx.segment(), dx.offset(), rows, cols);
        return dx;
    }

    /** dx = p ⊙ (dy − Σ dy ⊙ p) per row. */
    @Benchmark
    public Tensor softmaxBackward() {
        Softmax.softmaxBackwardRows(p.segment(), p.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), rows, cols, false);
        return dx;
    }

    @Benchmark
    public Tensor afterSoftmax() {
        tape.reset();
        return ProbabilityCrossEntropyOp.applySparse(tape, SoftmaxOp.apply(tape, logits), labels);
    }

    /** Loss and the gradient at the logits. */
    @Benchmark
    public Tensor afterSoftmaxStep() {
        tape.backward(afterSoftmax());
        return logits.grad;
    }

    @Benchmark
    public Tensor fromLogits() {
        tape.reset();
        return SoftmaxCrossEntropyOp.applySparse(tape, logits, labels);
    }

    /** Loss and the gradient at the logits. */
    @Benchmark
    public Tensor fromLogitsStep() {
        tape.backward(fromLogits());
        return logits.grad;
    }
}
