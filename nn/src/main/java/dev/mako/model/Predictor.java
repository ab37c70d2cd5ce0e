package dev.mako.model;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Inference for services: a trained model's weights shared read-only by every thread, with
 * per-thread scratch (a tape that records nothing, over its own workspace). Once a thread has
 * warmed up, {@code predict} allocates nothing on the Java heap. Safe to call from many threads at
 * once; single samples run on the caller's thread, large batches use the kernel thread pool.
 *
 * <p>Do not train the model while predictors are in use. Closing the predictor frees the scratch
 * of every thread; closing the model makes the predictor fail loudly.
 */
public final class Predictor implements AutoCloseable {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Sequential model;
    private final int[] inputShape;
    private final int inputSize;
    private final int outputSize;
    private final ConcurrentLinkedQueue<Tape> allScratch = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Tape> scratch;
    private volatile boolean closed;

    Predictor(Sequential model) {
        this.model = model;
        this.inputShape = model.inputShape();
        int in = 1;
        for (int d : inputShape) in *= d;
        this.inputSize = in;
        int out = 1;
        for (int d : model.outputShape()) out *= d;
        this.outputSize = out;
        this.scratch = ThreadLocal.withInitial(() -> {
            Tape t = new Tape();
            allScratch.add(t);
            return t;
        });
    }

    /** Floats per sample in. */
    public int inputSize() {
        return inputSize;
    }

    /** Floats per sample out. */
    public int outputSize() {
        return outputSize;
    }

    /** One sample: {@code in} holds {@link #inputSize()} floats, {@code out} receives {@link #outputSize()}. */
    public void predict(float[] in, float[] out) {
        predict(in, 1, out);
    }

    /** {@code batch} samples laid out one after another in {@code in} and {@code out}. */
    public void predict(float[] in, int batch, float[] out) {
        checkSizes(in.length, out.length, batch);
        Tape tape = begin();
        try {
            Tensor x = input(tape, batch);
            MemorySegment.copy(in, 0, x.segment(), F, x.offset() * 4, batch * inputSize);
            Tensor y = run(tape, x);
            MemorySegment.copy(y.segment(), F, y.offset() * 4, out, 0, batch * outputSize);
        } finally {
            tape.reset();
        }
    }

    /** Off-heap variant: {@code batch} samples of floats (native byte order) from {@code in} into {@code out}. */
    public void predict(MemorySegment in, int batch, MemorySegment out) {
        checkSizes(in.byteSize() / 4, out.byteSize() / 4, batch);
        Tape tape = begin();
        try {
            Tensor x = input(tape, batch);
            MemorySegment.copy(in, 0, x.segment(), x.offset() * 4, (long) batch * inputSize * 4);
            Tensor y = run(tape, x);
            MemorySegment.copy(y.segment(), y.offset() * 4, out, 0, (long) batch * outputSize * 4);
        } finally {
            tape.reset();
        }
    }

    private Tape begin() {
        if (closed) throw new IllegalStateException("predictor is closed");
        return scratch.get();
    }

    private Tensor input(Tape tape, int batch) {
        var ws = tape.workspace();
        return switch (inputShape.length) {
            case 1 -> ws.allocate(batch, inputShape[0]);
            case 2 -> ws.allocate(batch, inputShape[0], inputShape[1]);
            case 3 -> ws.allocate(batch, inputShape[0], inputShape[1], inputShape[2]);
            default -> throw new IllegalStateException("inputs of rank " + inputShape.length + " are not supported by the predictor");
        };
    }

    private Tensor run(Tape tape, Tensor x) {
        try (var noGrad = tape.noGrad()) {
            return model.forward(tape, x, false).contiguous();
        }
    }

    private void checkSizes(long in, long out, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be ≥ 1, got " + batch);
        if (in < (long) batch * inputSize) {
            throw new IllegalArgumentException("input holds " + in + " floats; " + batch + " samples need " + (long) batch * inputSize);
        }
        if (out < (long) batch * outputSize) {
            throw new IllegalArgumentException("output holds " + out + " floats; " + batch + " samples need " + (long) batch * outputSize);
        }
    }

    @Override
    public void close() {
        closed = true;
        Tape t;
        while ((t = allScratch.poll()) != null) t.close();
    }
}
