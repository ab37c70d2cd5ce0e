package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/** Keras' {@code Activation} layer: applies a named activation (linear, step, sigmoid, tanh, relu, leaky_relu, softmax). */
public final class ActivationLayer extends Layer {
    private final LayerActivation activation;

    public ActivationLayer(LayerActivation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public ActivationLayer(Activation activation) {
        this(LayerActivation.of(activation));
    }

    public ActivationLayer(String name) {
        this(LayerActivation.fromName(name));
    }

    @Override
    public String type() {
        return "Activation";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        if (activation.isSoftmax() && inputShape.length == 0) throw new IllegalArgumentException("softmax needs a feature axis");
        return inputShape;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return activation.apply(tape, x);
    }

    public LayerActivation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", activation.kerasName());
        if (activation.elementwise() == Activation.LEAKY_RELU) c.put("negative_slope", activation.alpha());
        return c;
    }
}
