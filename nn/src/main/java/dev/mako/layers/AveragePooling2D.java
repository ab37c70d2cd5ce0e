package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.ConvGeometry;
import dev.mako.ops.Pool2DOp;
import dev.mako.tensor.Tensor;

/** Keras' {@code AveragePooling2D}: the mean of each window's cells inside the image, per channel. */
public final class AveragePooling2D extends Pooling2D {
    public AveragePooling2D(int poolH, int poolW) {
        super(poolH, poolW);
    }

    @Override
    public String type() {
        return "AveragePooling2D";
    }

    @Override
    Tensor pool(Tape tape, Tensor x, ConvGeometry g) {
        return Pool2DOp.average(tape, x, g);
    }
}
