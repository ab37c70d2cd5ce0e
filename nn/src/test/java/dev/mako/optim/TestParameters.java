package dev.mako.optim;

import dev.mako.autograd.Tape;
import dev.mako.layers.BuildContext;
import dev.mako.layers.Layer;
import dev.mako.layers.Parameter;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.SplittableRandom;

/** A layer that only holds parameters, so optimizer tests get real {@link Parameter}s: "test.p0", "test.p1", ... */
final class TestParameters extends Layer {
    private final float[][] initial;
    private final boolean[] trainable;

    private TestParameters(float[][] initial, boolean[] trainable) {
        this.initial = initial;
        this.trainable = trainable;
    }

    /** Trainable rank-1 parameters with the given initial values. */
    static List<Parameter> of(TensorStore store, float[]... initial) {
        boolean[] t = new boolean[initial.length];
        java.util.Arrays.fill(t, true);
        return build(store, initial, t);
    }

    static List<Parameter> build(TensorStore store, float[][] initial, boolean[] trainable) {
        TestParameters layer = new TestParameters(initial, trainable);
        layer.named("test");
        layer.build(new int[] {1}, new BuildContext(store, 0), 0);
        return layer.parameters();
    }

    @Override
    public String type() {
        return "TestParameters";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        for (int i = 0; i < initial.length; i++) {
            Parameter p = addParameter("p" + i, new int[] {initial[i].length}, trainable[i]);
            p.value().copyFrom(initial[i]);
        }
        return inputShape;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        return x;
    }
}
