package dev.mako.layers;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;

/**
 * A named tensor of a layer: a trainable weight (with a gradient of the same shape, kept beside it
 * and accumulated by backward passes until {@link #zeroGrad()}), or a non-trainable state such as
 * batch-norm running statistics. Its full name is {@code layer.name}, e.g. {@code dense_1.kernel}.
 */
public final class Parameter {
    private final Layer layer;
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final boolean trainable;

    Parameter(Layer layer, String name, int[] shape, boolean trainable, TensorStore store) {
        this.layer = layer;
        this.name = name;
        this.trainable = trainable;
        this.value = store.zeros(shape);
        this.grad = trainable ? store.zeros(shape) : null;
        this.value.requiresGrad = trainable;
        this.value.grad = grad;
    }

    /** Name within the layer, e.g. "kernel". */
    public String name() {
        return name;
    }

    /** Dotted name, e.g. "dense_1.kernel". */
    public String fullName() {
        return layer.name() + "." + name;
    }

    public Layer layer() {
        return layer;
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient; null for a non-trainable parameter. */
    public Tensor grad() {
        return grad;
    }

    public boolean trainable() {
        return trainable;
    }

    public long size() {
        return value.size();
    }

    public void zeroGrad() {
        if (grad != null) grad.fill(0f);
    }

    @Override
    public String toString() {
        return fullName() + value.shapeString();
    }
}
