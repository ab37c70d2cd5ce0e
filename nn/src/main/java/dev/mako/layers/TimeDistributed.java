package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.init.Initializers;
import dev.mako.kernels.Activation;
import dev.mako.ops.DenseOp;
import dev.mako.ops.ReshapeOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code TimeDistributed(Dense(...))}: the same dense layer applied to every time step,
 * [batch, timesteps, in] → [batch, timesteps, units], e.g. after a recurrent layer with
 * {@code returnSequences}. The steps are folded into the batch, so all of them go through one
 * GEMM. In this version the wrapped layer is a Dense, given unbuilt as the specification; the
 * weights belong to this layer ({@code time_distributed.kernel} [in, units], {@code .bias}).
 */
public final class TimeDistributed extends Layer {
    private final int units;
    private final LayerActivation activation;
    private final boolean useBias;
    private Parameter kernel, bias;

    public TimeDistributed(Dense layer) {
        if (layer.isBuilt()) throw new IllegalArgumentException("TimeDistributed takes an unbuilt Dense as its specification");
        this.units = layer.units();
        this.activation = layer.activation();
        this.useBias = Boolean.TRUE.equals(layer.config().get("use_bias"));
    }

    TimeDistributed(int units, LayerActivation activation, boolean useBias) {
        this.units = units;
        this.activation = activation;
        this.useBias = useBias;
    }

    @Override
    public String type() {
        return "TimeDistributed";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException("TimeDistributed expects inputs [batch, timesteps, features]; got per-sample shape of rank "
                    + inputShape.length);
        }
        int in = inputShape[1];
        kernel = addParameter("kernel", new int[] {in, units}, true);
        Initializers.glorotUniform().initialize(kernel.value(), in, units, random);
        if (useBias) bias = addParameter("bias", new int[] {units}, true);
        return new int[] {inputShape[0], units};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        int batch = x.dim(0), steps = x.dim(1);
        Tensor rows = ReshapeOp.apply(tape, x.contiguous(), batch * steps, x.dim(2));
        Tensor b = bias == null ? null : bias.value();
        Tensor y = activation.isSoftmax()
                ? SoftmaxOp.apply(tape, DenseOp.apply(tape, rows, kernel.value(), b, Activation.IDENTITY, 0f))
                : DenseOp.apply(tape, rows, kernel.value(), b, activation.elementwise(), activation.alpha());
        return ReshapeOp.apply(tape, y, batch, steps, units);
    }

    public Parameter kernel() {
        return kernel;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        return c;
    }
}
