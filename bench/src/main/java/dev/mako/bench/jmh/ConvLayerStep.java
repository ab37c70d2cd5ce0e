package dev.mako.bench.jmh;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.layers.Conv2D;
import dev.mako.layers.Layers;
import dev.mako.ops.Conv2DOp;
import dev.mako.tensor.Tensor;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A convnet Conv2D layer (3×3, relu, Glorot-initialised) or one of LeNet's (5×5) at batch 128
 * through {@link Conv2DOp} with the algorithm chosen: AUTO is what the layer runs. A second
 * layer's input requires a gradient, as it does in the model (a first layer's, the images, does
 * not: {@link ConvnetLayer#readsImages}). lenet1 is timed 'valid' over the padded 32×32 image,
 * which its 'same' layer pads to.
 */
@State(Scope.Thread)
public class ConvLayerStep extends LayerStep {
    @Param({"conv1", "conv2", "lenet1", "lenet2"})
    public String conv;

    @Param({"AUTO", "IM2COL_GEMM", "DIRECT"})
    public Conv2DOp.Algorithm algorithm;

    private Conv2D layer;
    private ConvGeometry g;

    @Setup(Level.Trial)
    public void build() {
        ConvnetLayer shape = ConvnetLayer.named(conv);
        layer = Layers.conv2d(shape.filters(), shape.window(), Activation.RELU);
        g = shape.geometry();
        open(layer, ConvnetLayer.BATCH, shape.imageShape(), !shape.readsImages());
    }

    @Override
    Tensor apply(Tape tape, Tensor x) {
        return Conv2DOp.apply(tape, x, layer.kernel().value(), layer.bias().value(), g, Activation.RELU, 0f, algorithm);
    }

    /** With a forward recorded before every call. */
    @State(Scope.Thread)
    public static class Recorded extends ConvLayerStep {
        @Setup(Level.Invocation)
        public void record() {
            forward();
        }
    }
}
