package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.ops.SimpleRnnOp;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * Keras' SimpleRNN: h_t = activation(x_t·kernel + h_{t−1}·recurrent_kernel + bias), kernel
 * [features, units], recurrent_kernel [units, units], bias [units]: units·(features + units + 1)
 * parameters. Activation tanh by default (sigmoid, relu, leaky relu and linear also work).
 */
public final class SimpleRNN extends RecurrentLayer {
    private final Activation activation;

    public SimpleRNN(int units) {
        this(units, Activation.TANH, false);
    }

    public SimpleRNN(int units, boolean returnSequences) {
        this(units, Activation.TANH, returnSequences);
    }

    public SimpleRNN(int units, Activation activation, boolean returnSequences) {
        this(units, activation, returnSequences, true);
    }

    public SimpleRNN(int units, Activation activation, boolean returnSequences, boolean useBias) {
        super(units, returnSequences, useBias);
        if (activation == Activation.STEP) throw new IllegalArgumentException("SimpleRNN cannot train through a step activation");
        this.activation = activation;
    }

    @Override
    public String type() {
        return "SimpleRNN";
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        return call(tape, x, null);
    }

    /** Runs the layer from initial state {@code h0} [batch, units] (null: zeros). */
    public Tensor call(Tape tape, Tensor x, Tensor h0) {
        checkInput(x);
        checkState("initial state", h0, x);
        return SimpleRnnOp.apply(tape, x, kernel.value(), recurrentKernel.value(), biasValue(), h0, activation, 0.3f, returnSequences);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", activation.kerasName());
        return c;
    }
}
