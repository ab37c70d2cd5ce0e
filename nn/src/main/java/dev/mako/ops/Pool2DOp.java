package dev.mako.ops;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Pooling;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Max or average pooling of NHWC images x [batch, H, W, C] → [batch, outH, outW, C] over the
 * windows of a geometry (pool size, strides, padding; cells in the padding are ignored). Max
 * pooling's backward finds each window's first maximum again from x and y rather than saving
 * indices; average pooling's spreads dy evenly over the window cells inside the image.
 *
 * <p>Node fields: a = x, saved0 = the contiguous x (max only), obj = geometry.
 */
public final class Pool2DOp implements Op {
    static final Pool2DOp MAX = new Pool2DOp(true);
    static final Pool2DOp AVERAGE = new Pool2DOp(false);

    private final boolean max;

    private Pool2DOp(boolean max) {
        this.max = max;
    }

    public static Tensor max(Tape tape, Tensor x, ConvGeometry g) {
        return MAX.apply(tape, x, g);
    }

    public static Tensor average(Tape tape, Tensor x, ConvGeometry g) {
        return AVERAGE.apply(tape, x, g);
    }

    private Tensor apply(Tape tape, Tensor x, ConvGeometry g) {
        if (x.rank() != 4 || x.dim(0) <= 0 || x.dim(1) != g.inH() || x.dim(2) != g.inW() || x.dim(3) != g.channels()) {
            throw new IllegalArgumentException(name() + ": input " + x.shapeString() + " does not fit [batch, " + g.inH() + ", " + g.inW()
                    + ", " + g.channels() + "]");
        }
        Workspace ws = tape.workspace();
        Tensor xc = OpSupport.contiguous(ws, x);
        int batch = x.dim(0);
        Tensor y = ws.allocate(batch, g.outH(), g.outW(), g.channels());
        if (max) PoolTask.maxForward(g, batch, xc.segment(), xc.offset(), y.segment(), y.offset());
        else PoolTask.avgForward(g, batch, xc.segment(), xc.offset(), y.segment(), y.offset());
        if (tape.needsGrad(x)) {
            Node n = tape.record(this, y);
            n.a = x;
            n.saved0 = xc;
            n.obj = g;
        }
        return y;
    }

    @Override
    public void backward(Node n, Tape tape) {
        ConvGeometry g = (ConvGeometry) n.obj;
        Tensor x = n.saved0, y = n.out, dy = y.grad;
        // Tiling windows into a gradient nobody has touched yet: write it, no zero fill, no reads of zeros.
        Tensor dx = Pooling.tile(g) ? tape.gradToWrite(n.a) : null;
        boolean overwrite = dx != null;
        if (!overwrite) dx = tape.grad(n.a);
        Node relu = overwrite ? Conv2DOp.reluProducer(tape, n.a) : null;
        if (max) {
            PoolTask.maxBackward(g, x.dim(0), x.segment(), x.offset(), y.segment(), y.offset(), dy.segment(), dy.offset(),
                    dx.segment(), dx.offset(), overwrite, relu != null);
        } else {
            PoolTask.avgBackward(g, x.dim(0), x.segment(), x.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), overwrite, relu != null);
        }
        if (relu != null) Conv2DOp.activationApplied(relu);
    }

    @Override
    public String name() {
        return max ? "max_pool2d" : "average_pool2d";
    }
}
