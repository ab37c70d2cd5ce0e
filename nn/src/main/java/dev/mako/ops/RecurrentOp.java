package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.RecurrentCells;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * A whole recurrent layer over a whole sequence as one tape node: x [B, T, F] → the last hidden
 * state [B, u] or all of them [B, T, u].
 *
 * <p>Forward: one GEMM computes x·W + b for every step at once; then, per step, one GEMM adds
 * h_prev·U and one fused kernel applies the gates. Backward runs the steps in reverse in a loop
 * (never a recursion, so sequence length is bounded by memory only): the fused backward kernel,
 * then one GEMM for the gradient reaching h_prev. The parameter gradients come afterwards from
 * single GEMMs over all steps: dU = Σ_t h_{t−1}ᵀ·dz_t is one product with inner dimension T·B
 * because the states are kept time-major. The time loop runs on batch rows split over the thread
 * pool: each thread takes a block of rows through all the steps with no synchronisation in
 * between.
 *
 * <p>Node fields: a = x, b = kernel, c = recurrent kernel, d = bias (or null), saved0 = the
 * step buffers ({@link SequenceBuffers}), saved1 = initial state h0 (or null), obj = LSTM
 * initial cell state c0 (or null), i0 = 1 for return sequences, i1 = activation ordinal,
 * f0 = activation slope.
 */
abstract class RecurrentOp implements Op {
    /** Fewer rows than this per thread are not worth a parallel split. */
    static final int MIN_ROWS_PER_THREAD = 8;
    private static final Activation[] ACTIVATIONS = Activation.values();

    private final ThreadLocal<SequenceBuffers> buffers = ThreadLocal.withInitial(() -> new SequenceBuffers(this));

    /** Gate blocks per step: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
    abstract int gates();

    /** LSTM: carries a cell state. */
    boolean hasCellState() {
        return false;
    }

    /** GRU: keeps h·U apart from x·W (the reset gate multiplies only the recurrent candidate). */
    boolean hasRecurrentBuffer() {
        return false;
    }

    /** Rows of the bias parameter: 1, or 2 for the GRU (input bias, recurrent bias). */
    int biasRows() {
        return 1;
    }

    /** Forward time loop for batch rows [r0, r1). */
    abstract void forwardRows(SequenceBuffers s, int r0, int r1);

    /** Backward time loop for batch rows [r0, r1). */
    abstract void backwardRows(SequenceBuffers s, int r0, int r1);

    final Tensor forward(Tape tape, Tensor x, Tensor w, Tensor u, Tensor bias, Tensor h0, Tensor c0,
                         Activation activation, float alpha, boolean returnSequences) {
        check(x, w, u, bias, h0, c0);
        int batch = x.dim(0), steps = x.dim(1), features = x.dim(2), units = u.dim(0), k = gates();
        Workspace ws = tape.workspace();
        Tensor out = returnSequences ? ws.allocate(batch, steps, units) : ws.allocate(batch, units);
        SequenceBuffers s = buffers.get();
        long floats = s.layout(batch, steps, features, units, k, 0);
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": a sequence of " + x.shapeString() + " with " + units + " units needs "
                    + floats + " floats of step buffers, more than one block can hold; use shorter sequences or smaller batches");
        }
        Tensor scratch = ws.allocate((int) floats);
        MemorySegment seg = scratch.segment();
        s.layout(batch, steps, features, units, k, scratch.offset());
        s.seg = seg;
        s.u = u.segment();
        s.uOff = u.offset();
        s.activation = activation;
        s.alpha = alpha;

        Tensor xc = x.contiguous();
        RecurrentCells.swapLeadingAxes(xc.segment(), xc.offset(), seg, s.xs, batch, steps, features, false);
        int width = k * units, rows = steps * batch;
        PoolGemm.sgemm(false, false, rows, width, features, 1f, seg, s.xs, features, w.segment(), w.offset(), width, 0f, seg, s.g, width);
        if (bias != null) Elementwise.addRow(seg, s.g, bias.segment(), bias.offset(), seg, s.g, rows, width);
        if (hasRecurrentBuffer()) {
            if (bias != null) {
                s.rBias = bias.segment();
                s.rBiasOff = bias.offset() + width;
            } else {
                s.rBias = seg;
                Elementwise.fill(seg, s.rBiasOff, width, 0f);
            }
        }
        initState(h0, seg, s.h, batch * units);
        if (hasCellState()) initState(c0, seg, s.c, batch * units);

        s.runForward();

        if (returnSequences) {
            // h[1..T] time-major → out [B, T, u]
            RecurrentCells.swapLeadingAxes(seg, s.at(s.h, 1, 0, units), out.segment(), out.offset(), steps, batch, units, false);
        } else {
            Elementwise.copy(seg, s.at(s.h, steps, 0, units), out.segment(), out.offset(), batch * units);
        }
        if (tape.needsGrad(x, w, u) || tape.needsGrad(bias, h0, c0)) {
            Node n = tape.record(this, out);
            n.a = x;
            n.b = w;
            n.c = u;
            n.d = bias;
            n.saved0 = scratch;
            n.saved1 = h0;
            n.obj = c0;
            n.i0 = returnSequences ? 1 : 0;
            n.i1 = activation.ordinal();
            n.f0 = alpha;
        }
        return out;
    }

    private static Tensor zeros(Workspace ws, int rows, int cols) {
        Tensor t = ws.allocate(rows, cols);
        Elementwise.fill(t.segment(), t.offset(), rows * cols, 0f);
        return t;
    }

    private static void initState(Tensor given, MemorySegment seg, long at, int n) {
        if (given == null) {
            Elementwise.fill(seg, at, n, 0f);
        } else {
            Tensor gc = given.contiguous();
            Elementwise.copy(gc.segment(), gc.offset(), seg, at, n);
        }
    }

    @Override
    public final void backward(Node n, Tape tape) {
        Tensor x = n.a, w = n.b, u = n.c, bias = n.d, scratch = n.saved0, h0 = n.saved1, c0 = (Tensor) n.obj, dy = n.out.grad;
        int batch = x.dim(0), steps = x.dim(1), features = x.dim(2), units = u.dim(0), k = gates();
        int width = k * units, rows = steps * batch;
        Workspace ws = tape.workspace();
        SequenceBuffers s = buffers.get();
        MemorySegment seg = scratch.segment();
        s.layout(batch, steps, features, units, k, scratch.offset());
        s.seg = seg;
        s.u = u.segment();
        s.uOff = u.offset();
        s.activation = ACTIVATIONS[n.i1];
        s.alpha = n.f0;
        s.returnSequences = n.i0 == 1;
        s.dy = dy.segment();
        s.dyOff = dy.offset();
        s.needH0Grad = h0 != null && h0.requiresGrad;
        Tensor dhRec = zeros(ws, batch, units);
        s.dhRec = dhRec.segment();
        s.dhRecOff = dhRec.offset();
        Tensor dc = null;
        if (hasCellState()) {
            dc = zeros(ws, batch, units);
            s.dc = dc.segment();
            s.dcOff = dc.offset();
        }
        long g = s.g, h = s.h, xs = s.xs, rec = hasRecurrentBuffer() ? s.r : s.g;

        s.runBackward();

        if (u.requiresGrad) {
            Tensor du = tape.grad(u);
            PoolGemm.sgemm(true, false, units, width, rows, 1f, seg, h, units, seg, rec, width, 1f, du.segment(), du.offset(), width);
        }
        if (w.requiresGrad) {
            Tensor dw = tape.grad(w);
            PoolGemm.sgemm(true, false, features, width, rows, 1f, seg, xs, features, seg, g, width, 1f, dw.segment(), dw.offset(), width);
        }
        if (bias != null && bias.requiresGrad) {
            Tensor db = tape.grad(bias);
            Reductions.sumAxis(seg, g, 1, rows, width, db.segment(), db.offset(), true);
            if (hasRecurrentBuffer()) Reductions.sumAxis(seg, rec, 1, rows, width, db.segment(), db.offset() + width, true);
        }
        if (x.requiresGrad) {
            Tensor dxs = ws.allocate(steps, batch, features);
            PoolGemm.sgemm(false, true, rows, features, width, 1f, seg, g, width, w.segment(), w.offset(), width, 0f, dxs.segment(), dxs.offset(), features);
            Tensor dx = tape.grad(x);
            RecurrentCells.swapLeadingAxes(dxs.segment(), dxs.offset(), dx.segment(), dx.offset(), steps, batch, features, true);
        }
        if (s.needH0Grad) {
            Tensor dh0 = tape.grad(h0);
            Elementwise.add(dh0.segment(), dh0.offset(), dhRec.segment(), dhRec.offset(), dh0.segment(), dh0.offset(), batch * units);
        }
        if (c0 != null && c0.requiresGrad) {
            Tensor dc0 = tape.grad(c0);
            Elementwise.add(dc0.segment(), dc0.offset(), dc.segment(), dc.offset(), dc0.segment(), dc0.offset(), batch * units);
        }
    }

    /** Shape checks, before any memory is touched. */
    private void check(Tensor x, Tensor w, Tensor u, Tensor bias, Tensor h0, Tensor c0) {
        int k = gates();
        boolean ok = x.rank() == 3 && u.rank() == 2 && u.dim(1) == k * u.dim(0) && w.rank() == 2 && w.dim(0) == x.dim(2) && w.dim(1) == u.dim(1);
        if (ok && bias != null) {
            ok = biasRows() == 1 ? bias.rank() == 1 && bias.dim(0) == u.dim(1) : bias.rank() == 2 && bias.dim(0) == biasRows() && bias.dim(1) == u.dim(1);
        }
        if (!ok) {
            String b = bias == null ? "" : ", bias " + bias.shapeString();
            String expectedBias = biasRows() == 1 ? " + [" + k + "·units]" : " + [2, " + k + "·units]";
            throw new IllegalArgumentException(name() + ": x " + x.shapeString() + ", kernel " + w.shapeString() + ", recurrent kernel "
                    + u.shapeString() + b + " do not fit [batch, time, features]·[features, " + k + "·units], [units, " + k + "·units]" + expectedBias);
        }
        if (x.dim(1) < 1) throw new IllegalArgumentException(name() + ": x " + x.shapeString() + " has no time steps");
        checkState("initial state", h0, x, u);
        if (c0 != null && !hasCellState()) throw new IllegalArgumentException(name() + " has no cell state, but an initial cell state was given");
        checkState("initial cell state", c0, x, u);
    }

    private void checkState(String what, Tensor s, Tensor x, Tensor u) {
        if (s != null && !(s.rank() == 2 && s.dim(0) == x.dim(0) && s.dim(1) == u.dim(0))) {
            throw new IllegalArgumentException(name() + ": " + what + " " + s.shapeString() + " does not fit [batch, units] = ["
                    + x.dim(0) + ", " + u.dim(0) + "] for x " + x.shapeString());
        }
    }
}
