package dev.mako.ops;

import dev.mako.kernels.Activation;
import dev.mako.parallel.Parallel;
import java.lang.foreign.MemorySegment;

/**
 * Where one recurrent op's step buffers live, and the work item that runs its time loop over a
 * range of batch rows. All buffers are regions of one workspace block, stored time-major so that
 * one step of the whole batch is contiguous and every parameter gradient is a single GEMM over
 * all steps:
 *
 * <pre>
 *   xs  [T, B, F]       the input, time-major
 *   g   [T, B, k·u]     gate pre-activations x·W + b (+ h·U); activations after forward; gradients after backward
 *   h   [T+1, B, u]     hidden states, h[0] the initial state
 *   c   [T+1, B, u]     LSTM cell states, c[0] the initial cell state
 *   tc  [T, B, u]       LSTM tanh(c)
 *   r   [T, B, k·u]     GRU recurrent products h·U (+ bias); their gradients after backward
 *   rb  [k·u]           GRU zero recurrent bias, when the layer has no bias
 * </pre>
 *
 * One instance per thread and op kind, reused for every call, so the time loop allocates nothing.
 */
final class SequenceBuffers implements Parallel.RangeBody {
    final RecurrentOp op;
    int batch, steps, features, units, gates;
    MemorySegment seg;
    long xs, g, h, c, tc, r;
    MemorySegment u, rBias;
    long uOff, rBiasOff;
    Activation activation;
    float alpha;
    // backward only
    boolean backward;
    MemorySegment dy, dhRec, dc;
    long dyOff, dhRecOff, dcOff;
    boolean returnSequences, needH0Grad;

    SequenceBuffers(RecurrentOp op) {
        this.op = op;
    }

    /** Sets the dimensions and lays the regions out from {@code base}; returns the floats needed. */
    long layout(int batch, int steps, int features, int units, int gates, long base) {
        this.batch = batch;
        this.steps = steps;
        this.features = features;
        this.units = units;
        this.gates = gates;
        long tb = (long) steps * batch, width = (long) gates * units, state = (long) (steps + 1) * batch * units;
        long at = base;
        xs = at;
        at += tb * features;
        g = at;
        at += tb * width;
        h = at;
        at += state;
        if (op.hasCellState()) {
            c = at;
            at += state;
            tc = at;
            at += tb * units;
        }
        if (op.hasRecurrentBuffer()) {
            r = at;
            at += tb * width;
            rBiasOff = at;
            at += width;
        }
        return at - base;
    }

    /** Offset of row {@code row} of time step {@code t} in a {@code [*, B, width]} region. */
    long at(long region, int t, int row, int width) {
        return region + ((long) t * batch + row) * width;
    }

    /** Runs forward then releases the references to this call's memory. */
    void runForward() {
        backward = false;
        try {
            Parallel.forRange(batch, RecurrentOp.MIN_ROWS_PER_THREAD, this);
        } finally {
            release();
        }
    }

    void runBackward() {
        backward = true;
        try {
            Parallel.forRange(batch, RecurrentOp.MIN_ROWS_PER_THREAD, this);
        } finally {
            release();
        }
    }

    @Override
    public void run(int start, int end) {
        if (start >= end) return;
        if (backward) {
            op.backwardRows(this, start, end);
        } else {
            op.forwardRows(this, start, end);
        }
    }

    /** The output gradient at step {@code t} for rows from {@code row}, or -1 when the output has none there. */
    long dyAt(int t, int row) {
        if (returnSequences) return dyOff + ((long) row * steps + t) * units;
        return t == steps - 1 ? dyOff + (long) row * units : -1;
    }

    int dyStride() {
        return returnSequences ? steps * units : units;
    }

    private void release() {
        seg = u = rBias = dy = dhRec = dc = null;
    }
}
