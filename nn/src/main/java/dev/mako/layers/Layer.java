package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A building block of a model. A layer is configured in its constructor, {@linkplain #build built}
 * once the shape of its input is known (creating its parameters), and then maps a batch
 * {@code [batch, ...inputShape]} to {@code [batch, ...outputShape]} through recorded ops.
 * Shapes given to and returned by {@link #build} exclude the batch dimension.
 */
public abstract class Layer {
    private String name;
    private int[] inputShape;
    private int[] outputShape;
    private final List<Parameter> parameters = new ArrayList<>();
    private BuildContext context;
    private int[] declaredInputShape;

    /** Keras class name, e.g. "Dense"; also the prefix of default names ("dense", "dense_1"). */
    public abstract String type();

    /** Creates parameters for inputs of {@code inputShape} (no batch dimension); returns the output shape. */
    protected abstract int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random);

    /** Maps {@code x} of shape {@code [batch, ...inputShape]}; {@code training} selects dropout/batch-norm behaviour. */
    public abstract Tensor forward(Tape tape, Tensor x, boolean training);

    /** Configuration for the saved architecture (JSON), Keras key names where they exist. */
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    public final void build(int[] inputShape, BuildContext ctx, int index) {
        if (outputShape != null) throw new IllegalStateException("layer " + name + " is already built");
        this.context = ctx;
        this.inputShape = inputShape.clone();
        this.outputShape = doBuild(inputShape.clone(), ctx, ctx.randomFor(index)).clone();
    }

    public final boolean isBuilt() {
        return outputShape != null;
    }

    /** Adds a zero-filled parameter; initialise it from {@link #doBuild}. */
    protected final Parameter addParameter(String name, int[] shape, boolean trainable) {
        if (context == null) throw new IllegalStateException("parameters are created in doBuild()");
        Parameter p = new Parameter(this, name, shape, trainable, context.store());
        parameters.add(p);
        return p;
    }

    public final List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    public final long trainableParamCount() {
        long n = 0;
        for (Parameter p : parameters) if (p.trainable()) n += p.size();
        return n;
    }

    public final long paramCount() {
        long n = 0;
        for (Parameter p : parameters) n += p.size();
        return n;
    }

    public final String name() {
        return name;
    }

    /** Names the layer; a model assigns Keras-style defaults to layers left unnamed. */
    public final Layer named(String name) {
        if (isBuilt()) throw new IllegalStateException("cannot rename built layer " + this.name);
        this.name = name;
        return this;
    }

    /**
     * Declares the per-sample shape this layer takes (Keras' {@code input_shape}), so that a model
     * whose first layer it is knows its input without being told separately.
     */
    public final Layer withInputShape(int... shape) {
        if (isBuilt()) throw new IllegalStateException("layer " + name + " is already built");
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("input shape " + Shapes.toString(shape) + " must have positive dimensions");
        }
        this.declaredInputShape = shape.clone();
        return this;
    }

    /** The shape given to {@link #withInputShape}, or null. */
    public final int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    public final int[] inputShape() {
        requireBuilt();
        return inputShape.clone();
    }

    public final int[] outputShape() {
        requireBuilt();
        return outputShape.clone();
    }

    /** Throws unless {@code x} is {@code [batch, ...inputShape]}. */
    protected final void checkInput(Tensor x) {
        requireBuilt();
        boolean ok = x.rank() == inputShape.length + 1;
        for (int i = 0; ok && i < inputShape.length; i++) ok = x.dim(i + 1) == inputShape[i];
        if (!ok) {
            throw new IllegalArgumentException("layer " + name + " (" + type() + ") expects input [batch, "
                    + Shapes.toString(inputShape).substring(1) + " but got " + x.shapeString());
        }
    }

    private void requireBuilt() {
        if (outputShape == null) throw new IllegalStateException("layer " + (name == null ? type() : name) + " is not built yet");
    }

    @Override
    public String toString() {
        return (name == null ? "?" : name) + " (" + type() + ")";
    }
}
