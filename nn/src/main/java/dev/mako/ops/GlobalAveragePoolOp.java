package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Global average pooling of NHWC images: x [batch, H, W, C] → the mean over all pixels per
 * channel, [batch, C]. Backward: every pixel gets dy / (H·W).
 */
public final class GlobalAveragePoolOp implements Op {
    static final GlobalAveragePoolOp INSTANCE = new GlobalAveragePoolOp();

    private GlobalAveragePoolOp() {}

    public static Tensor apply(Tape tape, Tensor x) {
        if (x.rank() != 4 || x.dim(0) <= 0) {
            throw new IllegalArgumentException("global_average_pool2d: input " + x.shapeString() + " must be [batch, height, width, channels]");
        }
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int batch = x.dim(0), pixels = x.dim(1) * x.dim(2), c = x.dim(3);
        Tensor y = ws.allocate(batch, c);
        Reductions.meanAxis(xc.segment(), xc.offset(), batch, pixels, c, y.segment(), y.offset());
        if (tape.needsGrad(x)) tape.record(INSTANCE, y).a = x;
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        Tensor x = n.a, dy = n.out.grad, dx = tape.grad(x);
        int batch = x.dim(0), pixels = x.dim(1) * x.dim(2), c = x.dim(3);
        float share = 1f / pixels;
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < pixels; p++) {
                Elementwise.axpy(share, dy.segment(), dy.offset() + (long) b * c, dx.segment(), dx.offset() + ((long) b * pixels + p) * c, c);
            }
        }
    }

    @Override
    public String name() {
        return "global_average_pool2d";
    }
}
