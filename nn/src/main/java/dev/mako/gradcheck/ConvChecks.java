package dev.mako.gradcheck;

import static dev.mako.gradcheck.CheckInputs.project;

import dev.mako.autograd.GradientChecker;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Padding;
import dev.mako.layers.AveragePooling2D;
import dev.mako.layers.BatchNormalization;
import dev.mako.layers.BuildContext;
import dev.mako.layers.Conv2D;
import dev.mako.layers.Dropout;
import dev.mako.layers.GlobalAveragePooling2D;
import dev.mako.layers.Layer;
import dev.mako.layers.LayerActivation;
import dev.mako.layers.MaxPooling2D;
import dev.mako.ops.Conv2DOp;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checks of the image layers (NHWC): convolution with strides, both paddings, dilation,
 * with and without bias, fused activations, each algorithm of the op; max and average pooling
 * (same padding, strides other than the pool), global average pooling, batch norm over channels
 * and dropout on feature maps.
 */
public final class ConvChecks {
    private ConvChecks() {}

    public static List<GradcheckCase> cases() {
        List<GradcheckCase> c = new ArrayList<>();
        c.add(conv("Conv2D 3x3 tanh valid", new Conv2D(3, 3, 3, LayerActivation.TANH), 2, 4, 5, 2));
        c.add(conv("Conv2D 3x3 tanh same", new Conv2D(4, 3, 3, LayerActivation.TANH).padding(Padding.SAME), 2, 5, 5, 2));
        c.add(new GradcheckCase("Conv2D 3x3 relu same", ConvChecks::reluConv));
        c.add(conv("Conv2D 3x3 strides 2 same linear", new Conv2D(3, 3, 3, LayerActivation.LINEAR).strides(2, 2).padding(Padding.SAME), 2, 6, 7, 2));
        c.add(conv("Conv2D 2x3 dilation 2 sigmoid no bias", new Conv2D(3, 2, 3, LayerActivation.SIGMOID).dilation(2, 2).useBias(false), 1, 5, 6, 2));
        c.add(conv("Conv2D 4x4 same (asymmetric padding)", new Conv2D(2, 4, 4, LayerActivation.TANH).padding(Padding.SAME), 1, 5, 5, 2));
        c.add(conv("Conv2D 1x1 pointwise", new Conv2D(3, 1, 1, LayerActivation.TANH), 2, 3, 4, 5));
        c.add(conv("Conv2D softmax over filters", new Conv2D(4, 2, 2, LayerActivation.SOFTMAX), 2, 4, 4, 2));
        for (Conv2DOp.Algorithm a : Conv2DOp.Algorithm.values()) {
            c.add(new GradcheckCase("conv2d " + a.name().toLowerCase(java.util.Locale.ROOT) + " strides 2x1 dilation 1x2 same",
                    (n, ch, in) -> convOp(n, ch, in, a)));
        }
        c.add(pool("MaxPooling2D 2x2", new MaxPooling2D(2, 2), 2, 4, 6, 3));
        c.add(pool("MaxPooling2D 3x3 strides 2 same", (Layer) new MaxPooling2D(3, 3).strides(2, 2).padding(Padding.SAME), 1, 4, 5, 17));
        c.add(pool("AveragePooling2D 2x2", new AveragePooling2D(2, 2), 2, 4, 6, 3));
        c.add(pool("AveragePooling2D 3x2 strides 2x1 same", (Layer) new AveragePooling2D(3, 2).strides(2, 1).padding(Padding.SAME), 1, 5, 4, 17));
        c.add(pool("GlobalAveragePooling2D", new GlobalAveragePooling2D(), 2, 3, 4, 5));
        c.add(new GradcheckCase("BatchNormalization channels training",
                (n, ch, in) -> LayerChecks.layer(n, ch, in, new BatchNormalization(), true, in.uniform(-1, 2, 2, 2, 3, 3))));
        c.add(new GradcheckCase("BatchNormalization channels eval",
                (n, ch, in) -> LayerChecks.layer(n, ch, in, new BatchNormalization(), false, in.uniform(-1, 2, 2, 3, 4, 5))));
        c.add(new GradcheckCase("Dropout on feature maps",
                (n, ch, in) -> LayerChecks.layer(n, ch, in, new Dropout(0.3f, LayerChecks.DROPOUT_SEED), true, in.uniform(-1, 1, 2, 4, 4, 3))));
        return c;
    }

    private static GradcheckCase conv(String name, Conv2D layer, int batch, int h, int w, int channels) {
        return new GradcheckCase(name, (n, ch, in) -> LayerChecks.layer(n, ch, in, layer, true, in.uniform(-1, 1, batch, h, w, channels)));
    }

    /**
     * Pooling on inputs whose values within each image's channel plane (all that one window sees) are
     * at least 0.05 apart, so that no perturbation changes a window's maximum; values stay in [−1, 1].
     */
    private static GradcheckCase pool(String name, Layer layer, int batch, int h, int w, int channels) {
        return new GradcheckCase(name, (n, ch, in) -> LayerChecks.layer(n, ch, in, layer, true, spacedApart(in, batch, h, w, channels)));
    }

    private static Tensor spacedApart(CheckInputs in, int batch, int h, int w, int channels) {
        int plane = h * w;
        float[] v = new float[batch * plane * channels];
        int[] order = new int[plane];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < plane; i++) order[i] = i;
                for (int i = plane - 1; i > 0; i--) {
                    int j = in.random().nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int i = 0; i < plane; i++) v[(b * plane + i) * channels + c] = (order[i] - plane / 2f) * (2f / plane);
            }
        }
        return in.values(new int[] {batch, h, w, channels}, v);
    }

    /**
     * ReLU fused into a convolution, kept away from its kink: kernel weights in [−0.05, 0.05] bound
     * every |x ⋆ w| by 0.9 for inputs in [−1, 1] (18 taps), and biases of +1 and −1 put every
     * pre-activation at least 0.1 from zero, ten times what a perturbation moves it — so the live
     * and the dead side of the ReLU both appear and no step crosses from one to the other. One
     * small image: the float rounding of the forward pass grows with the outputs summed into the
     * checked scalar, and must stay under the checker's 1e-4 absolute floor.
     */
    private static GradientChecker.Result reluConv(String name, GradientChecker checker, CheckInputs in) {
        Conv2D layer = new Conv2D(2, 3, 3, LayerActivation.RELU).padding(Padding.SAME);
        layer.named("conv2d");
        layer.build(new int[] {4, 4, 2}, new BuildContext(in.store(), 11), 0);
        Tensor x = in.uniform(-1, 1, 1, 4, 4, 2), w = in.projection(1, 4, 4, 2);
        Tensor kernel = layer.kernel().value(), bias = layer.bias().value();
        for (long i = 0; i < kernel.size(); i++) kernel.setFlat(i, (float) in.random().nextDouble(-0.05, 0.05));
        bias.setFlat(0, 1f);
        bias.setFlat(1, -1f);
        return checker.check(name, t -> project(t, layer.forward(t, x, true), w), x, kernel, bias);
    }

    /** The op itself with a forced algorithm: input, kernel and bias all checked. */
    private static GradientChecker.Result convOp(String name, GradientChecker checker, CheckInputs in, Conv2DOp.Algorithm algorithm) {
        ConvGeometry g = ConvGeometry.of(5, 6, 2, 3, 2, 2, 1, 1, 2, Padding.SAME);
        Tensor x = in.uniform(-1, 1, 2, 5, 6, 2), k = in.uniform(-0.5f, 0.5f, 3, 2, 2, 3), b = in.uniform(-0.5f, 0.5f, 3);
        Tensor w = in.projection(2, g.outH(), g.outW(), 3);
        return checker.check(name, t -> project(t, Conv2DOp.apply(t, x, k, b, g, Activation.TANH, 0f, algorithm), w), x, k, b);
    }
}
