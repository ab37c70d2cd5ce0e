package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.init.Initializer;
import dev.mako.init.Initializers;
import dev.mako.kernels.Activation;
import dev.mako.ops.DenseOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fully connected layer: y = f(x · kernel + bias), kernel [in, units] (Keras layout), Glorot-uniform
 * kernel and zero bias by default. Takes [batch, in].
 */
public final class Dense extends Layer {
    private final int units;
    private final Activation activation;
    private final float alpha;
    private final boolean useBias;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Parameter kernel, bias;

    public Dense(int units, Activation activation, boolean useBias) {
        this(units, activation, 0.3f, useBias);
    }

    /** {@code alpha}: negative slope for LEAKY_RELU (Keras' default 0.3). */
    public Dense(int units, Activation activation, float alpha, boolean useBias) {
        if (units <= 0) throw new IllegalArgumentException("Dense units must be positive, got " + units);
        this.units = units;
        this.activation = activation;
        this.alpha = alpha;
        this.useBias = useBias;
    }

    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    public Dense biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    @Override
    public String type() {
        return "Dense";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException("Dense expects inputs [batch, features]; got per-sample shape of rank "
                    + inputShape.length + " (add a Flatten layer before it)");
        }
        int in = inputShape[0];
        kernel = addParameter("kernel", new int[] {in, units}, true);
        kernelInitializer.initialize(kernel.value(), in, units, random);
        if (useBias) {
            bias = addParameter("bias", new int[] {units}, true);
            biasInitializer.initialize(bias.value(), in, units, random);
        }
        return new int[] {units};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        return DenseOp.apply(tape, x, kernel.value(), bias == null ? null : bias.value(), activation, alpha);
    }

    public Parameter kernel() {
        return kernel;
    }

    public Parameter bias() {
        return bias;
    }

    public int units() {
        return units;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        if (activation == Activation.LEAKY_RELU) c.put("alpha", alpha);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        return c;
    }
}
