package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Padding;
import dev.mako.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What Keras' {@code MaxPooling2D} and {@code AveragePooling2D} share: a pool size, strides that
 * default to the pool size, 'valid' (default) or 'same' padding, NHWC inputs, no parameters.
 */
public abstract sealed class Pooling2D extends Layer permits MaxPooling2D, AveragePooling2D {
    private final int poolH, poolW;
    private int strideH, strideW;
    private Padding padding = Padding.VALID;
    private ConvGeometry geometry;

    Pooling2D(int poolH, int poolW) {
        if (poolH <= 0 || poolW <= 0) throw new IllegalArgumentException(type() + " pool size must be positive, got " + poolH + "x" + poolW);
        this.poolH = poolH;
        this.poolW = poolW;
        this.strideH = poolH;
        this.strideW = poolW;
    }

    /** The windowed op: max or average. */
    abstract Tensor pool(Tape tape, Tensor x, ConvGeometry g);

    public Pooling2D strides(int strideH, int strideW) {
        requireUnbuilt();
        if (strideH <= 0 || strideW <= 0) throw new IllegalArgumentException(type() + " strides must be positive, got " + strideH + "x" + strideW);
        this.strideH = strideH;
        this.strideW = strideW;
        return this;
    }

    public Pooling2D padding(Padding padding) {
        requireUnbuilt();
        this.padding = Objects.requireNonNull(padding, "padding");
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) throw new IllegalStateException("layer " + this + " is already built");
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        geometry = ImageShapes.geometry(this, inputShape, poolH, poolW, strideH, strideW, 1, 1, padding);
        return new int[] {geometry.outH(), geometry.outW(), inputShape[2]};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return pool(tape, x, geometry);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("pool_size", List.of(poolH, poolW));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding.kerasName());
        c.put("data_format", "channels_last");
        return c;
    }
}
