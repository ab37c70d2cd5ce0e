package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.init.Initializer;
import dev.mako.init.Initializers;
import dev.mako.kernels.Activation;
import dev.mako.ops.DenseOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fully connected layer: y = f(x · kernel + bias), kernel [in, units] (Keras layout), Glorot-uniform
 * kernel and zero bias by default. Takes [batch, in]. An elementwise f is fused into the dense op;
 * softmax follows it as its own op (which the probability losses fuse with in turn).
 */
public final class Dense extends Layer {
    private final int units;
    private final LayerActivation activation;
    private final boolean useBias;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Parameter kernel, bias;

    public Dense(int units, Activation activation, boolean useBias) {
        this(units, LayerActivation.of(activation), useBias);
    }

    /** {@code alpha}: negative slope for LEAKY_RELU (Keras' {@code leaky_relu} default is 0.2). */
    public Dense(int units, Activation activation, float alpha, boolean useBias) {
        this(units, activation == Activation.LEAKY_RELU ? LayerActivation.leakyRelu(alpha) : LayerActivation.of(activation), useBias);
    }

    public Dense(int units, LayerActivation activation, boolean useBias) {
        if (units <= 0) throw new IllegalArgumentException("Dense units must be positive, got " + units);
        this.units = units;
        this.activation = Objects.requireNonNull(activation, "activation");
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
        Tensor b = bias == null ? null : bias.value();
        if (activation.isSoftmax()) return SoftmaxOp.apply(tape, DenseOp.apply(tape, x, kernel.value(), b, Activation.IDENTITY, 0f));
        return DenseOp.apply(tape, x, kernel.value(), b, activation.elementwise(), activation.alpha());
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

    public LayerActivation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        if (activation.elementwise() == Activation.LEAKY_RELU) c.put("negative_slope", activation.alpha());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        return c;
    }
}
