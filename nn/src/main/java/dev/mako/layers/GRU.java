package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.GruOp;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * Keras' GRU with its default {@code reset_after=True} (activation tanh, recurrent activation
 * sigmoid). Gates packed z, r, h: kernel [features, 3·units], recurrent_kernel [units, 3·units],
 * bias [2, 3·units] (input bias, recurrent bias): 3·units·(features + units + 2) parameters.
 */
public final class GRU extends RecurrentLayer {
    public GRU(int units) {
        this(units, false);
    }

    public GRU(int units, boolean returnSequences) {
        this(units, returnSequences, true);
    }

    public GRU(int units, boolean returnSequences, boolean useBias) {
        super(units, returnSequences, useBias);
    }

    @Override
    public String type() {
        return "GRU";
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    int[] biasShape() {
        return new int[] {2, 3 * units};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        return call(tape, x, null);
    }

    /** Runs the layer from initial state {@code h0} [batch, units] (null: zeros). */
    public Tensor call(Tape tape, Tensor x, Tensor h0) {
        checkInput(x);
        checkState("initial state", h0, x);
        return GruOp.apply(tape, x, kernel.value(), recurrentKernel.value(), biasValue(), h0, returnSequences);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", "tanh");
        c.put("recurrent_activation", "sigmoid");
        c.put("reset_after", true);
        return c;
    }
}
