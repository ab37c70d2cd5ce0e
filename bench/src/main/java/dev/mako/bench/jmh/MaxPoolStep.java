package dev.mako.bench.jmh;

import dev.mako.autograd.Tape;
import dev.mako.layers.Layers;
import dev.mako.layers.MaxPooling2D;
import dev.mako.tensor.Tensor;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A convnet MaxPooling2D layer (2×2) at batch 128 through the layer itself; its input requires a gradient, as in the model. */
@State(Scope.Thread)
public class MaxPoolStep extends LayerStep {
    @Param({"pool1", "pool2"})
    public String pool;

    private MaxPooling2D layer;

    @Setup(Level.Trial)
    public void build() {
        ConvnetLayer shape = ConvnetLayer.named(pool);
        layer = Layers.maxPool2d(shape.window());
        open(layer, ConvnetLayer.BATCH, shape.imageShape(), true);
    }

    @Override
    Tensor apply(Tape tape, Tensor x) {
        return layer.forward(tape, x, true);
    }

    /** With a forward recorded before every call. */
    @State(Scope.Thread)
    public static class Recorded extends MaxPoolStep {
        @Setup(Level.Invocation)
        public void record() {
            forward();
        }
    }
}
