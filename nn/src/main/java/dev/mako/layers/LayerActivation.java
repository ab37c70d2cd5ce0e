package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.ops.ActivationOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import java.util.Objects;

/**
 * What a layer applies to its output, by Keras name: an elementwise {@link Activation} (with its
 * negative slope for leaky ReLU) or the softmax over the last axis, which is not elementwise and
 * so is not one of the kernel activations.
 */
public final class LayerActivation {
    /** Keras' {@code activations.leaky_relu} default slope (the LeakyReLU layer's own default is 0.3). */
    public static final float DEFAULT_LEAKY_SLOPE = 0.2f;

    public static final LayerActivation LINEAR = new LayerActivation(Activation.IDENTITY, 0f);
    public static final LayerActivation STEP = new LayerActivation(Activation.STEP, 0f);
    public static final LayerActivation SIGMOID = new LayerActivation(Activation.SIGMOID, 0f);
    public static final LayerActivation TANH = new LayerActivation(Activation.TANH, 0f);
    public static final LayerActivation RELU = new LayerActivation(Activation.RELU, 0f);
    public static final LayerActivation LEAKY_RELU = new LayerActivation(Activation.LEAKY_RELU, DEFAULT_LEAKY_SLOPE);
    public static final LayerActivation SOFTMAX = new LayerActivation(null, 0f);

    private final Activation elementwise;
    private final float alpha;

    private LayerActivation(Activation elementwise, float alpha) {
        this.elementwise = elementwise;
        this.alpha = alpha;
    }

    public static LayerActivation of(Activation f) {
        return switch (Objects.requireNonNull(f, "activation")) {
            case IDENTITY -> LINEAR;
            case STEP -> STEP;
            case SIGMOID -> SIGMOID;
            case TANH -> TANH;
            case RELU -> RELU;
            case LEAKY_RELU -> LEAKY_RELU;
        };
    }

    /** Leaky ReLU with negative slope {@code alpha}. */
    public static LayerActivation leakyRelu(float alpha) {
        return new LayerActivation(Activation.LEAKY_RELU, alpha);
    }

    /** By Keras name: "linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax" (also the enum names). */
    public static LayerActivation fromName(String name) {
        if ("softmax".equalsIgnoreCase(name)) return SOFTMAX;
        return of(Activation.fromName(name));
    }

    /** Applies it, recording on the tape. */
    public Tensor apply(Tape tape, Tensor x) {
        return elementwise == null ? SoftmaxOp.apply(tape, x) : ActivationOp.apply(tape, x, elementwise, alpha);
    }

    /** The elementwise function, or null for softmax. */
    public Activation elementwise() {
        return elementwise;
    }

    public boolean isSoftmax() {
        return elementwise == null;
    }

    /** Negative slope (leaky ReLU only). */
    public float alpha() {
        return alpha;
    }

    public String kerasName() {
        return elementwise == null ? "softmax" : elementwise.kerasName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerActivation other && other.elementwise == elementwise && Float.compare(other.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(elementwise, alpha);
    }

    @Override
    public String toString() {
        return elementwise == Activation.LEAKY_RELU ? kerasName() + "(" + alpha + ")" : kerasName();
    }
}
