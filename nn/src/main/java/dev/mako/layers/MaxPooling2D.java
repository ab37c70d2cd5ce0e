package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.ConvGeometry;
import dev.mako.ops.Pool2DOp;
import dev.mako.tensor.Tensor;

/** Keras' {@code MaxPooling2D}: the maximum of each window, per channel; the gradient goes to the window's first maximum. */
public final class MaxPooling2D extends Pooling2D {
    public MaxPooling2D(int poolH, int poolW) {
        super(poolH, poolW);
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    @Override
    Tensor pool(Tape tape, Tensor x, ConvGeometry g) {
        return Pool2DOp.max(tape, x, g);
    }
}
