package dev.mako.gradcheck;

import static dev.mako.gradcheck.CheckInputs.project;

import dev.mako.autograd.GradientChecker;
import dev.mako.layers.ActivationLayer;
import dev.mako.layers.BatchNormalization;
import dev.mako.layers.BuildContext;
import dev.mako.layers.Dense;
import dev.mako.layers.Dropout;
import dev.mako.layers.Flatten;
import dev.mako.layers.Layer;
import dev.mako.layers.LayerActivation;
import dev.mako.layers.LeakyReLU;
import dev.mako.layers.Parameter;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Gradient checks of every layer, with respect to its input and its trainable parameters. */
public final class LayerChecks {
    private LayerChecks() {}

    static final long DROPOUT_SEED = 5;

    public static List<GradcheckCase> cases() {
        List<GradcheckCase> c = new ArrayList<>();
        c.add(new GradcheckCase("Flatten", (n, ch, in) -> layer(n, ch, in, new Flatten(), true, 2, 3, 4)));
        c.add(new GradcheckCase("Dense relu", (n, ch, in) -> layer(n, ch, in, new Dense(5, LayerActivation.RELU, true), true, 3, 4)));
        c.add(new GradcheckCase("Dense softmax", (n, ch, in) -> layer(n, ch, in, new Dense(5, LayerActivation.SOFTMAX, true), true, 3, 4)));
        c.add(new GradcheckCase("Dense linear no bias", (n, ch, in) -> layer(n, ch, in, new Dense(5, LayerActivation.LINEAR, false), true, 3, 4)));
        for (LayerActivation a : new LayerActivation[] {LayerActivation.LINEAR, LayerActivation.STEP, LayerActivation.SIGMOID,
                LayerActivation.TANH, LayerActivation.RELU, LayerActivation.LEAKY_RELU, LayerActivation.SOFTMAX}) {
            c.add(new GradcheckCase("Activation " + a.kerasName(), (n, ch, in) -> layer(n, ch, in, new ActivationLayer(a), true, 3, 5)));
        }
        c.add(new GradcheckCase("LeakyReLU", (n, ch, in) -> layer(n, ch, in, new LeakyReLU(), true, 3, 5)));
        c.add(new GradcheckCase("Dropout training", (n, ch, in) -> layer(n, ch, in, new Dropout(0.3f, DROPOUT_SEED), true, 4, 5)));
        c.add(new GradcheckCase("BatchNormalization training", (n, ch, in) -> layer(n, ch, in, new BatchNormalization(), true, 5, 3)));
        c.add(new GradcheckCase("BatchNormalization eval", (n, ch, in) -> layer(n, ch, in, new BatchNormalization(), false, 5, 3)));
        return c;
    }

    /**
     * Builds {@code layer} for inputs [batch, ...sample], gives every parameter (trainable or not)
     * seeded random values so that no check passes by symmetry (unit gamma, zero bias), and checks
     * Σ layer(x) ⊙ w with respect to x and the trainable parameters.
     */
    private static GradientChecker.Result layer(String name, GradientChecker checker, CheckInputs in, Layer layer, boolean training,
                                                int batch, int... sample) {
        return layer(name, checker, in, layer, training, in.awayFromZero(0.05f, 1.5f, prepend(batch, sample)));
    }

    /** The same check on a given input x [batch, ...sample] (e.g. values spaced apart for max pooling). */
    static GradientChecker.Result layer(String name, GradientChecker checker, CheckInputs in, Layer layer, boolean training, Tensor x) {
        int[] sample = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        layer.named(layer.type().toLowerCase(Locale.ROOT));
        layer.build(sample, new BuildContext(in.store(), 11), 0);
        Tensor w = in.projection(prepend(x.dim(0), layer.outputShape()));
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        for (Parameter p : layer.parameters()) {
            randomize(in, p);
            if (p.trainable()) inputs.add(p.value());
        }
        return checker.check(name, t -> {
            if (layer instanceof Dropout d) d.reseed(DROPOUT_SEED);
            return project(t, layer.forward(t, x, training), w);
        }, inputs);
    }

    private static void randomize(CheckInputs in, Parameter p) {
        // Variances must stay positive; everything else may take either sign.
        boolean positive = p.name().equals("moving_variance") || p.name().equals("gamma");
        Tensor v = p.value();
        for (long i = 0; i < v.size(); i++) v.setFlat(i, (float) (positive ? in.random().nextDouble(0.5, 1.5) : in.random().nextDouble(-1, 1)));
    }

    private static int[] prepend(int batch, int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = batch;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }
}
