package dev.mako.ops;

import dev.mako.kernels.BinaryOp;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * NumPy broadcasting for the binary ops, over the contiguous kernels: the shape rule, a walker that
 * applies a kernel run by run, and the reduction of an output-shaped gradient back to an operand.
 *
 * <p>The walker merges the innermost dimensions along which each operand is consistently either
 * present or broadcast into one run (all of {@code [batch, n] + [n]} is one run per row), so the
 * kernels see long contiguous runs, or a contiguous run and a scalar. Everything is computed from
 * the tensors' dimensions: nothing is allocated on the Java heap. Operands must be contiguous.
 */
final class Broadcasting {
    private Broadcasting() {}

    private static final int UNSET = 0, PRESENT = 1, BROADCAST = 2;

    /** Throws, naming both shapes, unless {@code a} and {@code b} broadcast together. */
    static void checkShapes(String op, Tensor a, Tensor b) {
        int r = Math.max(a.rank(), b.rank());
        for (int i = 0; i < r; i++) {
            int da = alignedDim(a, i, r), db = alignedDim(b, i, r);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a.shapeString() + " and " + b.shapeString() + " cannot be broadcast together");
            }
        }
    }

    /** Uninitialised tensor of the broadcast shape of {@code a} and {@code b} (shapes already checked). */
    static Tensor allocateResult(Workspace ws, Tensor a, Tensor b) {
        if (a.sameShape(b)) return ws.allocateLike(a);
        int r = Math.max(a.rank(), b.rank());
        return switch (r) {
            case 0 -> ws.scalar();
            case 1 -> ws.allocate(outDim(a, b, 0, r));
            case 2 -> ws.allocate(outDim(a, b, 0, r), outDim(a, b, 1, r));
            case 3 -> ws.allocate(outDim(a, b, 0, r), outDim(a, b, 1, r), outDim(a, b, 2, r));
            case 4 -> ws.allocate(outDim(a, b, 0, r), outDim(a, b, 1, r), outDim(a, b, 2, r), outDim(a, b, 3, r));
            default -> {
                int[] s = new int[r];
                for (int i = 0; i < r; i++) s[i] = outDim(a, b, i, r);
                yield ws.allocate(s);
            }
        };
    }

    /** c = a op b with broadcasting; c has the broadcast shape. */
    static void apply(BinaryOp op, Tensor a, Tensor b, Tensor c) {
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        long ao0 = a.offset(), bo0 = b.offset(), co0 = c.offset();
        if (a.size() == c.size() && b.size() == c.size()) {
            Elementwise.binary(op, as, ao0, bs, bo0, cs, co0, OpSupport.length(c));
            return;
        }
        int r = c.rank();
        int k = runStart(c, a, b);
        int len = OpSupport.span(c, k, r);
        boolean aScalar = runKind(c, a, k) == BROADCAST, bScalar = runKind(c, b, k) == BROADCAST;
        long runs = c.size() / Math.max(len, 1);
        for (long o = 0; o < runs; o++) {
            long ao = ao0 + outerOffset(c, a, k, o), bo = bo0 + outerOffset(c, b, k, o), co = co0 + o * len;
            if (bScalar) {
                Elementwise.binaryScalar(op, as, ao, bs.getAtIndex(OpSupport.F32, bo), cs, co, len);
            } else if (aScalar) {
                Elementwise.scalarBinary(op, as.getAtIndex(OpSupport.F32, ao), bs, bo, cs, co, len);
            } else {
                Elementwise.binary(op, as, ao, bs, bo, cs, co, len);
            }
        }
    }

    /** dst += g summed over the dimensions along which dst was broadcast to g's shape. */
    static void accumulateReduced(Tensor g, Tensor dst) {
        MemorySegment gs = g.segment(), ds = dst.segment();
        long go0 = g.offset(), do0 = dst.offset();
        if (dst.size() == g.size()) {
            Elementwise.add(ds, do0, gs, go0, ds, do0, OpSupport.length(g));
            return;
        }
        int r = g.rank();
        int k = runStart(g, dst, null);
        int len = OpSupport.span(g, k, r);
        boolean scalarRun = runKind(g, dst, k) == BROADCAST;
        long runs = g.size() / Math.max(len, 1);
        for (long o = 0; o < runs; o++) {
            long dOff = do0 + outerOffset(g, dst, k, o), gOff = go0 + o * len;
            if (scalarRun) {
                ds.setAtIndex(OpSupport.F32, dOff, ds.getAtIndex(OpSupport.F32, dOff) + Reductions.sum(gs, gOff, len));
            } else {
                Elementwise.add(ds, dOff, gs, gOff, ds, dOff, len);
            }
        }
    }

    /**
     * First dimension of the innermost run: the longest suffix of {@code out}'s dimensions along
     * which each operand is either everywhere present or everywhere broadcast (size-1 output
     * dimensions are neutral).
     */
    private static int runStart(Tensor out, Tensor a, Tensor b) {
        int r = out.rank(), k = r;
        int aKind = UNSET, bKind = UNSET;
        for (int i = r - 1; i >= 0; i--) {
            if (out.dim(i) == 1) {
                k = i;
                continue;
            }
            int ak = alignedDim(a, i, r) == 1 ? BROADCAST : PRESENT;
            int bk = b == null ? PRESENT : (alignedDim(b, i, r) == 1 ? BROADCAST : PRESENT);
            if ((aKind != UNSET && ak != aKind) || (bKind != UNSET && bk != bKind)) break;
            aKind = ak;
            bKind = bk;
            k = i;
        }
        return k;
    }

    /** Whether {@code x} is present or broadcast along the run {@code [k, rank)} of {@code out}. */
    private static int runKind(Tensor out, Tensor x, int k) {
        int r = out.rank();
        for (int i = r - 1; i >= k; i--) {
            if (out.dim(i) != 1) return alignedDim(x, i, r) == 1 ? BROADCAST : PRESENT;
        }
        return PRESENT;
    }

    /** Element offset in {@code x} of the start of run {@code o} (dims {@code [0, k)} of {@code out}). */
    private static long outerOffset(Tensor out, Tensor x, int k, long o) {
        int r = out.rank();
        long off = 0;
        for (int i = k - 1; i >= 0 && o > 0; i--) {
            int n = out.dim(i);
            long idx = o % n;
            o /= n;
            int j = i - (r - x.rank());
            if (j >= 0 && x.dim(j) != 1) off += idx * x.stride(j);
        }
        return off;
    }

    private static int alignedDim(Tensor x, int i, int r) {
        int j = i - (r - x.rank());
        return j < 0 ? 1 : x.dim(j);
    }

    private static int outDim(Tensor a, Tensor b, int i, int r) {
        int da = alignedDim(a, i, r);
        return da == 1 ? alignedDim(b, i, r) : da;
    }
}
