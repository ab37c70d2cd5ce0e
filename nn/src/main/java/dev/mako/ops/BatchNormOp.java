package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;

/**
 * Batch normalisation of dense features x [batch, features]:
 * y = γ ⊙ (x − μ) / √(σ² + ε) + β.
 *
 * <p>In training μ and σ² are the batch mean and biased variance, and the moving statistics are
 * updated as Keras does: {@code moving = momentum · moving + (1 − momentum) · batch} (the biased
 * variance, as Keras 3 stores it). In evaluation the moving statistics are used and nothing is
 * updated. Backward, with x̂ the normalised input and 1/s = 1/√(σ² + ε) saved from the forward:
 * dβ = Σ dy, dγ = Σ dy ⊙ x̂, and in training dx = γ/s ⊙ (dy − mean(dy) − x̂ ⊙ mean(dy ⊙ x̂))
 * (the batch statistics depend on x), in evaluation dx = γ/s ⊙ dy.
 */
public final class BatchNormOp implements Op {
    static final BatchNormOp INSTANCE = new BatchNormOp();

    private BatchNormOp() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor gamma, Tensor beta, Tensor movingMean, Tensor movingVariance,
                               float momentum, float epsilon, boolean training) {
        checkShapes(x, gamma, beta, movingMean, movingVariance);
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int batch = x.dim(0), features = x.dim(1);
        MemorySegment xs = xc.segment();
        Tensor xhat = ws.allocate(batch, features), y = ws.allocate(batch, features), invStd = ws.allocate(features);
        MemorySegment hs = xhat.segment(), ys = y.segment();
        Tensor mean = training ? ws.allocate(features) : movingMean;
        if (training) {
            Reductions.sumAxis(xs, xc.offset(), 1, batch, features, mean.segment(), mean.offset(), false);
            Elementwise.mulScalar(mean.segment(), mean.offset(), 1f / batch, mean.segment(), mean.offset(), features);
        }
        for (int r = 0; r < batch; r++) {
            long o = (long) r * features;
            Elementwise.sub(xs, xc.offset() + o, mean.segment(), mean.offset(), hs, xhat.offset() + o, features);
        }
        Tensor variance = movingVariance;
        if (training) {
            // Two-pass variance: the mean of the squared centred values (y serves as scratch).
            variance = ws.allocate(features);
            Elementwise.mul(hs, xhat.offset(), hs, xhat.offset(), ys, y.offset(), batch * features);
            Reductions.sumAxis(ys, y.offset(), 1, batch, features, variance.segment(), variance.offset(), false);
            Elementwise.mulScalar(variance.segment(), variance.offset(), 1f / batch, variance.segment(), variance.offset(), features);
            Elementwise.axpby(1f - momentum, mean.segment(), mean.offset(), momentum, movingMean.segment(), movingMean.offset(), features);
            Elementwise.axpby(1f - momentum, variance.segment(), variance.offset(), momentum, movingVariance.segment(), movingVariance.offset(), features);
        }
        inverseStd(variance, epsilon, invStd);
        Elementwise.mulRow(hs, xhat.offset(), invStd.segment(), invStd.offset(), hs, xhat.offset(), batch, features);
        Elementwise.mulRow(hs, xhat.offset(), gamma.segment(), gamma.offset(), ys, y.offset(), batch, features);
        Elementwise.addRow(ys, y.offset(), beta.segment(), beta.offset(), ys, y.offset(), batch, features);
        if (tape.needsGrad(x, gamma, beta)) {
            Node n = tape.record(INSTANCE, y);
            n.a = x;
            n.b = gamma;
            n.c = beta;
            n.saved0 = xhat;
            n.saved1 = invStd;
            n.i0 = training ? 1 : 0;
        }
        return y;
    }

    /** out = 1 / √(variance + ε), per feature. */
    private static void inverseStd(Tensor variance, float epsilon, Tensor out) {
        int c = variance.dim(0);
        MemorySegment os = out.segment();
        Elementwise.addScalar(variance.segment(), variance.offset(), epsilon, os, out.offset(), c);
        Activations.sqrt(os, out.offset(), os, out.offset(), c);
        Elementwise.scalarDiv(1f, os, out.offset(), os, out.offset(), c);
    }

    private static void checkShapes(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance) {
        if (gamma == null || beta == null || mean == null || variance == null) {
            throw new IllegalArgumentException("batch_norm: gamma, beta and the moving statistics are required for input " + x.shapeString());
        }
        boolean ok = x.rank() == 2 && x.dim(0) > 0 && isVector(gamma, x) && isVector(beta, x) && isVector(mean, x) && isVector(variance, x);
        if (!ok) {
            throw new IllegalArgumentException("batch_norm: input " + x.shapeString() + " needs [batch, features] with batch > 0 and gamma "
                    + gamma.shapeString() + ", beta " + beta.shapeString() + ", moving mean " + mean.shapeString()
                    + ", moving variance " + variance.shapeString() + " all [features]");
        }
    }

    private static boolean isVector(Tensor p, Tensor x) {
        return p.rank() == 1 && p.dim(0) == x.dim(x.rank() - 1) && p.isContiguous();
    }

    @Override
    public void backward(Node n, Tape tape) {
        Workspace ws = tape.workspace();
        Tensor x = n.a, gamma = n.b, beta = n.c, xhat = n.saved0, invStd = n.saved1, dy = n.out.grad;
        int batch = xhat.dim(0), features = xhat.dim(1), len = batch * features;
        MemorySegment dys = dy.segment(), hs = xhat.segment();
        Tensor sumDy = ws.allocate(features), sumDyXhat = ws.allocate(features), u = ws.allocate(batch, features);
        MemorySegment us = u.segment();
        Reductions.sumAxis(dys, dy.offset(), 1, batch, features, sumDy.segment(), sumDy.offset(), false);
        Elementwise.mul(dys, dy.offset(), hs, xhat.offset(), us, u.offset(), len);
        Reductions.sumAxis(us, u.offset(), 1, batch, features, sumDyXhat.segment(), sumDyXhat.offset(), false);
        if (beta.requiresGrad) addInto(tape.grad(beta), sumDy, features);
        if (gamma.requiresGrad) addInto(tape.grad(gamma), sumDyXhat, features);
        if (!x.requiresGrad) return;
        Tensor g = ws.allocate(features);
        Elementwise.mul(gamma.segment(), gamma.offset(), invStd.segment(), invStd.offset(), g.segment(), g.offset(), features);
        if (n.i0 == 1) {
            // u = dy − mean(dy) − x̂ ⊙ mean(dy ⊙ x̂), column means over the batch.
            Elementwise.mulScalar(sumDy.segment(), sumDy.offset(), -1f / batch, sumDy.segment(), sumDy.offset(), features);
            Elementwise.mulScalar(sumDyXhat.segment(), sumDyXhat.offset(), -1f / batch, sumDyXhat.segment(), sumDyXhat.offset(), features);
            Elementwise.mulRow(hs, xhat.offset(), sumDyXhat.segment(), sumDyXhat.offset(), us, u.offset(), batch, features);
            Elementwise.add(us, u.offset(), dys, dy.offset(), us, u.offset(), len);
            Elementwise.addRow(us, u.offset(), sumDy.segment(), sumDy.offset(), us, u.offset(), batch, features);
            Elementwise.mulRow(us, u.offset(), g.segment(), g.offset(), us, u.offset(), batch, features);
        } else {
            Elementwise.mulRow(dys, dy.offset(), g.segment(), g.offset(), us, u.offset(), batch, features);
        }
        addInto(tape.grad(x), u, len);
    }

    private static void addInto(Tensor dst, Tensor src, int n) {
        Elementwise.add(dst.segment(), dst.offset(), src.segment(), src.offset(), dst.segment(), dst.offset(), n);
    }

    @Override
    public String name() {
        return "batch_norm";
    }
}
