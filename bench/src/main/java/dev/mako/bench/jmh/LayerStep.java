package dev.mako.bench.jmh;

import dev.mako.autograd.Node;
import dev.mako.autograd.Tape;
import dev.mako.layers.BuildContext;
import dev.mako.layers.Layer;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One layer of a training step: the built layer, a batch of inputs, an upstream gradient, and a
 * tape. {@link #forward} records the layer's op as training does; {@link #backward} runs that
 * op's backward rule once on a recorded forward (a subclass's {@code Recorded} state records one
 * before every call, outside the timing).
 */
public abstract class LayerStep {
    TensorStore store;
    Tape tape;
    Tensor x, dy;

    /** The layer's op on the tape, as its forward does. */
    abstract Tensor apply(Tape tape, Tensor x);

    /** Builds {@code layer} for inputs of {@code image} at batch {@code batch}; x requires a gradient when {@code inputGradient}. */
    final void open(Layer layer, int batch, int[] image, boolean inputGradient) {
        store = new TensorStore(getClass().getSimpleName());
        tape = new Tape();
        layer.build(image, new BuildContext(store, 1), 0);
        x = BenchData.random(store.allocate(batchShape(batch, image)), 1, 0, 1);
        x.requiresGrad = inputGradient;
        dy = BenchData.random(store.allocate(batchShape(batch, layer.outputShape())), 2, -1, 1);
    }

    private static int[] batchShape(int batch, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    /** A new step: the last one's tensors are recycled, then the op is recorded. */
    final Tensor forward() {
        tape.reset();
        return apply(tape, x);
    }

    /** The recorded op's backward with dy as its output's gradient; returns the input's gradient, or null when x needs none. */
    final Tensor backward() {
        Node n = tape.node(tape.size() - 1);
        n.out.grad = dy;
        n.op.backward(n, tape);
        return x.grad;
    }

    @TearDown(Level.Trial)
    public void free() {
        tape.close();
        store.close();
    }
}
