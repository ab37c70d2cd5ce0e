package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.init.Initializer;
import dev.mako.init.Initializers;
import dev.mako.init.Orthogonal;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What SimpleRNN, LSTM and GRU share: inputs [batch, timesteps, features]; parameters {@code kernel}
 * [features, k·units], {@code recurrent_kernel} [units, k·units] and {@code bias}, with Keras'
 * default initializers (Glorot-uniform, orthogonal, zeros); output the last hidden state
 * [batch, units] or, with {@code returnSequences}, every state [batch, timesteps, units]. The
 * initial state is zeros unless one is passed to {@code call}.
 *
 * <p>Sequences have a fixed length: every sample of a batch runs all timesteps (no masking).
 */
public abstract class RecurrentLayer extends Layer {
    final int units;
    final boolean returnSequences;
    final boolean useBias;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer recurrentInitializer = new Orthogonal();
    Initializer biasInitializer = Initializers.zeros();
    Parameter kernel, recurrentKernel, bias;

    RecurrentLayer(int units, boolean returnSequences, boolean useBias) {
        if (units <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + " units must be positive, got " + units);
        this.units = units;
        this.returnSequences = returnSequences;
        this.useBias = useBias;
    }

    /** Gate blocks in the packed weights: 1, 4 (LSTM) or 3 (GRU). */
    abstract int gates();

    /** Shape of the bias parameter. */
    int[] biasShape() {
        return new int[] {gates() * units};
    }

    /** Hook for cell-specific bias initialisation (the LSTM's forget-gate bias). */
    void initializeBias(Tensor b, int features, SplittableRandom random) {
        biasInitializer.initialize(b, features, gates() * units, random);
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(type() + " expects inputs [batch, timesteps, features]; got per-sample shape of rank "
                    + inputShape.length);
        }
        int features = inputShape[1], width = gates() * units;
        kernel = addParameter("kernel", new int[] {features, width}, true);
        kernelInitializer.initialize(kernel.value(), features, width, random);
        recurrentKernel = addParameter("recurrent_kernel", new int[] {units, width}, true);
        recurrentInitializer.initialize(recurrentKernel.value(), units, width, random);
        if (useBias) {
            bias = addParameter("bias", biasShape(), true);
            initializeBias(bias.value(), features, random);
        }
        return returnSequences ? new int[] {inputShape[0], units} : new int[] {units};
    }

    public RecurrentLayer kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    public RecurrentLayer recurrentInitializer(Initializer init) {
        this.recurrentInitializer = init;
        return this;
    }

    public RecurrentLayer biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    Tensor biasValue() {
        return bias == null ? null : bias.value();
    }

    /** Checks an initial state against [batch, units] before anything runs. */
    final void checkState(String what, Tensor state, Tensor x) {
        if (state != null && !(state.rank() == 2 && state.dim(0) == x.dim(0) && state.dim(1) == units)) {
            throw new IllegalArgumentException("layer " + name() + " (" + type() + "): " + what + " " + state.shapeString()
                    + " does not fit [batch, units] = [" + x.dim(0) + ", " + units + "]");
        }
    }

    public final int units() {
        return units;
    }

    public final boolean returnSequences() {
        return returnSequences;
    }

    public final Parameter kernel() {
        return kernel;
    }

    public final Parameter recurrentKernel() {
        return recurrentKernel;
    }

    /** Null when built without bias. */
    public final Parameter bias() {
        return bias;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("return_sequences", returnSequences);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("recurrent_initializer", recurrentInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        return c;
    }

    /** Runs the layer from zero initial state(s). */
    @Override
    public abstract Tensor forward(Tape tape, Tensor x, boolean training);
}
