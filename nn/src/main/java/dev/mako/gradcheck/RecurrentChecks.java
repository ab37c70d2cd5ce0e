package dev.mako.gradcheck;

import static dev.mako.gradcheck.CheckInputs.project;

import dev.mako.autograd.GradientChecker;
import dev.mako.kernels.Activation;
import dev.mako.layers.BuildContext;
import dev.mako.layers.GRU;
import dev.mako.layers.LSTM;
import dev.mako.layers.Layers;
import dev.mako.layers.Parameter;
import dev.mako.layers.RecurrentLayer;
import dev.mako.layers.SimpleRNN;
import dev.mako.layers.TimeDistributed;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gradient checks of SimpleRNN, LSTM and GRU through backpropagation over several time steps,
 * with and without return sequences, with respect to the input, the initial state(s) and every
 * parameter. Five units take the fused kernels' scalar path; seventeen add a full vector.
 */
public final class RecurrentChecks {
    private RecurrentChecks() {}

    private static final int BATCH = 2, STEPS = 5, FEATURES = 3;

    public static List<GradcheckCase> cases() {
        List<GradcheckCase> c = new ArrayList<>();
        for (boolean seq : new boolean[] {false, true}) {
            String suffix = seq ? " sequences" : " last state";
            c.add(new GradcheckCase("SimpleRNN tanh" + suffix, (n, ch, in) -> check(n, ch, in, new SimpleRNN(5, Activation.TANH, seq), 5, 0.4)));
            c.add(new GradcheckCase("LSTM" + suffix, (n, ch, in) -> check(n, ch, in, new LSTM(5, seq), 5, 0.4)));
            c.add(new GradcheckCase("GRU" + suffix, (n, ch, in) -> check(n, ch, in, new GRU(5, seq), 5, 0.4)));
        }
        c.add(new GradcheckCase("SimpleRNN sigmoid no bias", (n, ch, in) -> check(n, ch, in, new SimpleRNN(5, Activation.SIGMOID, true, false), 5, 0.4)));
        c.add(new GradcheckCase("LSTM 17 units", (n, ch, in) -> check(n, ch, in, new LSTM(17, false), 17, 0.25)));
        c.add(new GradcheckCase("GRU 17 units", (n, ch, in) -> check(n, ch, in, new GRU(17, false), 17, 0.25)));
        c.add(new GradcheckCase("TimeDistributed Dense softmax", RecurrentChecks::timeDistributed));
        return c;
    }

    /** A per-step Dense with softmax over [BATCH, STEPS, 4] inputs, against its input and weights. */
    private static GradientChecker.Result timeDistributed(String name, GradientChecker checker, CheckInputs in) {
        TimeDistributed layer = Layers.timeDistributed(Layers.dense(3, "softmax"));
        layer.named("time_distributed");
        layer.build(new int[] {STEPS, 4}, new BuildContext(in.store(), 11), 0);
        Tensor x = in.uniform(-1f, 1f, BATCH, STEPS, 4), w = in.projection(BATCH, STEPS, 3);
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        for (Parameter p : layer.parameters()) {
            Tensor v = p.value();
            for (long i = 0; i < v.size(); i++) v.setFlat(i, (float) in.random().nextDouble(-0.5, 0.5));
            inputs.add(v);
        }
        return checker.check(name, t -> project(t, layer.forward(t, x, true), w), inputs);
    }

    /**
     * Builds {@code layer} for [STEPS, FEATURES] inputs, draws every parameter from U(−scale, scale)
     * (the zero biases of a fresh layer would let some errors hide), and checks Σ layer(x, h0[, c0]) ⊙ w.
     * Wider layers get smaller weights: the bias gradient sums over every step and sample, and its
     * finite-difference truncation error grows with the curvature.
     */
    private static GradientChecker.Result check(String name, GradientChecker checker, CheckInputs in, RecurrentLayer layer, int units,
                                                double scale) {
        layer.named(layer.type().toLowerCase(Locale.ROOT));
        layer.build(new int[] {STEPS, FEATURES}, new BuildContext(in.store(), 11), 0);
        Tensor x = in.uniform(-1f, 1f, BATCH, STEPS, FEATURES);
        Tensor h0 = in.uniform(-0.5f, 0.5f, BATCH, units);
        Tensor c0 = layer instanceof LSTM ? in.uniform(-0.5f, 0.5f, BATCH, units) : null;
        int[] outShape = layer.returnSequences() ? new int[] {BATCH, STEPS, units} : new int[] {BATCH, units};
        Tensor w = in.projection(outShape);
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0));
        if (c0 != null) inputs.add(c0);
        for (Parameter p : layer.parameters()) {
            Tensor v = p.value();
            for (long i = 0; i < v.size(); i++) v.setFlat(i, (float) in.random().nextDouble(-scale, scale));
            inputs.add(v);
        }
        return checker.check(name, t -> project(t, switch (layer) {
            case LSTM l -> l.call(t, x, h0, c0);
            case GRU g -> g.call(t, x, h0);
            case SimpleRNN s -> s.call(t, x, h0);
            default -> throw new IllegalStateException(layer.type());
        }, w), inputs);
    }
}
