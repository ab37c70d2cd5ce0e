package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.init.Initializer;
import dev.mako.init.Initializers;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Padding;
import dev.mako.ops.Conv2DOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Keras' {@code Conv2D} over NHWC images (channels_last): [batch, H, W, C] → [batch, outH, outW,
 * filters], y = f(x ⋆ kernel + bias) (cross-correlation), kernel [kh, kw, C, filters] Glorot-uniform
 * (fan-in kh·kw·C, fan-out kh·kw·filters) and zero bias by default. Strides, dilation and
 * 'valid'/'same' padding (TensorFlow's arithmetic) are set before the layer is built; an
 * elementwise activation is fused into the convolution op, softmax (over the filters) follows it.
 */
public final class Conv2D extends Layer {
    private final int filters, kernelH, kernelW;
    private final LayerActivation activation;
    private int strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
    private Padding padding = Padding.VALID;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Parameter kernel, bias;
    private ConvGeometry geometry;

    public Conv2D(int filters, int kernelH, int kernelW, LayerActivation activation) {
        if (filters <= 0 || kernelH <= 0 || kernelW <= 0) {
            throw new IllegalArgumentException("Conv2D needs positive filters and kernel size, got " + filters + " filters, kernel " + kernelH + "x" + kernelW);
        }
        this.filters = filters;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public Conv2D strides(int strideH, int strideW) {
        requireUnbuilt();
        if (strideH <= 0 || strideW <= 0) throw new IllegalArgumentException("Conv2D strides must be positive, got " + strideH + "x" + strideW);
        this.strideH = strideH;
        this.strideW = strideW;
        return this;
    }

    public Conv2D padding(Padding padding) {
        requireUnbuilt();
        this.padding = Objects.requireNonNull(padding, "padding");
        return this;
    }

    public Conv2D dilation(int dilationH, int dilationW) {
        requireUnbuilt();
        if (dilationH <= 0 || dilationW <= 0) throw new IllegalArgumentException("Conv2D dilation must be positive, got " + dilationH + "x" + dilationW);
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        return this;
    }

    public Conv2D useBias(boolean useBias) {
        requireUnbuilt();
        this.useBias = useBias;
        return this;
    }

    public Conv2D kernelInitializer(Initializer init) {
        requireUnbuilt();
        this.kernelInitializer = Objects.requireNonNull(init, "kernel initializer");
        return this;
    }

    public Conv2D biasInitializer(Initializer init) {
        requireUnbuilt();
        this.biasInitializer = Objects.requireNonNull(init, "bias initializer");
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) throw new IllegalStateException("layer " + this + " is already built; configure it before adding it to a built model");
    }

    @Override
    public String type() {
        return "Conv2D";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        geometry = ImageShapes.geometry(this, inputShape, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padding);
        int cin = inputShape[2], field = kernelH * kernelW;
        kernel = addParameter("kernel", new int[] {kernelH, kernelW, cin, filters}, true);
        kernelInitializer.initialize(kernel.value(), field * cin, field * filters, random);
        if (useBias) {
            bias = addParameter("bias", new int[] {filters}, true);
            biasInitializer.initialize(bias.value(), field * cin, field * filters, random);
        }
        return new int[] {geometry.outH(), geometry.outW(), filters};
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        Tensor b = bias == null ? null : bias.value();
        if (activation.isSoftmax()) {
            return SoftmaxOp.apply(tape, Conv2DOp.apply(tape, x, kernel.value(), b, geometry, Activation.IDENTITY, 0f));
        }
        return Conv2DOp.apply(tape, x, kernel.value(), b, geometry, activation.elementwise(), activation.alpha());
    }

    public Parameter kernel() {
        return kernel;
    }

    public Parameter bias() {
        return bias;
    }

    public int filters() {
        return filters;
    }

    public LayerActivation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kernelH, kernelW));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding.kerasName());
        c.put("data_format", "channels_last");
        c.put("dilation_rate", List.of(dilationH, dilationW));
        c.put("groups", 1);
        c.put("activation", activation.kerasName());
        if (activation.elementwise() == Activation.LEAKY_RELU) c.put("negative_slope", activation.alpha());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        return c;
    }
}
