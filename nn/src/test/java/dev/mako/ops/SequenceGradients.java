package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Node;
import dev.mako.autograd.Op;
import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Central-difference check of a recurrent op's backward pass: the loss is Σ out ⊙ R for a fixed
 * random R, so every output element carries its own weight; each input element is nudged by
 * ±eps and the loss difference compared with the analytic gradient.
 */
final class SequenceGradients {
    private SequenceGradients() {}

    static void check(String what, TensorStore store, List<Tensor> inputs, Function<Tape, Tensor> forward) {
        check(what, store, inputs, forward, 1e-2);
    }

    static void check(String what, TensorStore store, List<Tensor> inputs, Function<Tape, Tensor> forward, double eps) {
        for (Tensor t : inputs) {
            t.requiresGrad = true;
            t.grad = store.zerosLike(t);
        }
        try (Tape tape = new Tape()) {
            Tensor out = forward.apply(tape);
            Tensor weights = store.allocateLike(out);
            SplittableRandom rnd = new SplittableRandom(7);
            for (long i = 0; i < weights.size(); i++) weights.setFlat(i, (float) rnd.nextDouble(-1, 1));
            tape.backward(WeightedSum.apply(tape, out, weights));
            float[][] analytic = new float[inputs.size()][];
            for (int k = 0; k < inputs.size(); k++) analytic[k] = inputs.get(k).grad.toArray();
            tape.reset();
            for (int k = 0; k < inputs.size(); k++) {
                Tensor t = inputs.get(k);
                for (long i = 0; i < t.size(); i++) {
                    float v = t.getFlat(i);
                    t.setFlat(i, (float) (v + eps));
                    double plus = loss(tape, forward, weights);
                    t.setFlat(i, (float) (v - eps));
                    double minus = loss(tape, forward, weights);
                    t.setFlat(i, v);
                    double numeric = (plus - minus) / (2 * eps);
                    double a = analytic[k][(int) i];
                    // float forward passes: differences carry ~1e-5 of rounding noise, hence the absolute floor
                    double allowed = 2e-4 + 3e-3 * Math.max(Math.abs(a), Math.abs(numeric));
                    assertTrue(Math.abs(a - numeric) < allowed, String.format(Locale.ROOT, "%s: input %d %s element %d: analytic %.6g, numeric %.6g",
                            what, k, t.shapeString(), i, a, numeric));
                }
            }
        }
    }

    private static double loss(Tape tape, Function<Tape, Tensor> forward, Tensor weights) {
        try (var s = tape.noGrad()) {
            Tensor out = forward.apply(tape);
            double sum = 0;
            for (long i = 0; i < out.size(); i++) sum += (double) out.getFlat(i) * weights.getFlat(i);
            return sum;
        } finally {
            tape.reset();
        }
    }

    /** loss = Σ x ⊙ w, a test-only op. */
    static final class WeightedSum implements Op {
        static final WeightedSum INSTANCE = new WeightedSum();

        static Tensor apply(Tape tape, Tensor x, Tensor w) {
            Tensor loss = tape.workspace().scalar();
            double s = 0;
            for (long i = 0; i < x.size(); i++) s += (double) x.getFlat(i) * w.getFlat(i);
            loss.setFlat(0, (float) s);
            Node n = tape.record(INSTANCE, loss);
            n.a = x;
            n.b = w;
            return loss;
        }

        @Override
        public void backward(Node n, Tape tape) {
            Tensor dx = tape.grad(n.a);
            float g = n.out.grad.getFlat(0);
            for (long i = 0; i < dx.size(); i++) dx.setFlat(i, dx.getFlat(i) + g * n.b.getFlat(i));
        }

        @Override
        public String name() {
            return "weighted_sum";
        }
    }
}
