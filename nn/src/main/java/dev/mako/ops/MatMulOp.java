package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Gemm;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * C = A · B for matrices A [m, k] and B [k, n], through the one GEMM entry point. A transposed view
 * (such as {@code w.t()}) is passed to GEMM as a transposition flag rather than copied.
 * Backward: dA += dC · Bᵀ, dB += Aᵀ · dC.
 */
public final class MatMulOp implements Op {
    static final MatMulOp INSTANCE = new MatMulOp();

    private MatMulOp() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0)) {
            throw new IllegalArgumentException("matmul: shapes " + a.shapeString() + " and " + b.shapeString() + " do not fit [m, k]·[k, n]");
        }
        Workspace ws = tape.workspace();
        Tensor am = gemmOperand(ws, a), bm = gemmOperand(ws, b);
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        Tensor c = ws.allocate(m, n);
        Gemm.sgemm(isTransposed(am), isTransposed(bm), m, n, k, 1f, am.segment(), am.offset(), ld(am), bm.segment(), bm.offset(), ld(bm),
                0f, c.segment(), c.offset(), n);
        if (tape.needsGrad(a, b)) {
            Node node = tape.record(INSTANCE, c);
            node.a = a;
            node.b = b;
            node.saved0 = am;
            node.saved1 = bm;
        }
        return c;
    }

    @Override
    public void backward(Node node, Tape tape) {
        Tensor am = node.saved0, bm = node.saved1, dc = node.out.grad;
        int m = am.dim(0), k = am.dim(1), n = bm.dim(1);
        if (node.a.requiresGrad) {
            Tensor da = tape.grad(node.a);
            Gemm.sgemm(false, !isTransposed(bm), m, k, n, 1f, dc.segment(), dc.offset(), n, bm.segment(), bm.offset(), ld(bm),
                    1f, da.segment(), da.offset(), k);
        }
        if (node.b.requiresGrad) {
            Tensor db = tape.grad(node.b);
            Gemm.sgemm(!isTransposed(am), false, k, n, m, 1f, am.segment(), am.offset(), ld(am), dc.segment(), dc.offset(), n,
                    1f, db.segment(), db.offset(), n);
        }
    }

    /** The matrix itself when row-major or a transposed row-major matrix; otherwise a contiguous copy. */
    private static Tensor gemmOperand(Workspace ws, Tensor x) {
        return x.isContiguous() || isTransposed(x) ? x : ws.allocateLike(x).copyFrom(x);
    }

    /** True for the transpose of a row-major matrix: unit stride down the rows. */
    private static boolean isTransposed(Tensor x) {
        return !x.isContiguous() && x.stride(0) == 1 && x.stride(1) == x.dim(0);
    }

    /** Row stride of the matrix as stored (before transposition). */
    private static int ld(Tensor x) {
        return isTransposed(x) ? x.dim(0) : x.dim(1);
    }

    @Override
    public String name() {
        return "matmul";
    }
}
