package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.LstmOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' LSTM (activation tanh, recurrent activation sigmoid). Gates packed i, f, c, o: kernel
 * [features, 4·units], recurrent_kernel [units, 4·units], bias [4·units]: 4·units·(features +
 * units + 1) parameters. The forget-gate bias starts at 1 (Keras' {@code unit_forget_bias}).
 */
public final class LSTM extends RecurrentLayer {
    private final boolean unitForgetBias;

    public LSTM(int units) {
        this(units, false);
    }

    public LSTM(int units, boolean returnSequences) {
        this(units, returnSequences, true, true);
    }

    public LSTM(int units, boolean returnSequences, boolean useBias, boolean unitForgetBias) {
        super(units, returnSequences, useBias);
        this.unitForgetBias = unitForgetBias;
    }

    @Override
    public String type() {
        return "LSTM";
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    void initializeBias(Tensor b, int features, SplittableRandom random) {
        super.initializeBias(b, features, random);
        if (unitForgetBias) for (int j = units; j < 2 * units; j++) b.setFlat(j, 1f);
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        return call(tape, x, null, null);
    }

    /** Runs the layer from initial states {@code h0} and {@code c0} [batch, units] (null: zeros). */
    public Tensor call(Tape tape, Tensor x, Tensor h0, Tensor c0) {
        checkInput(x);
        checkState("initial state", h0, x);
        checkState("initial cell state", c0, x);
        return LstmOp.apply(tape, x, kernel.value(), recurrentKernel.value(), biasValue(), h0, c0, returnSequences);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", "tanh");
        c.put("recurrent_activation", "sigmoid");
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }
}
