package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backward through time is a loop, not a recursion: a long sequence needs memory, not stack. */
class LongSequenceTest {

    @Test
    void fiveHundredStepsThroughStackedLayersForwardAndBackward() {
        int b = 16, t = 500, f = 8, u = 32;
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            SplittableRandom rnd = new SplittableRandom(5);
            Tensor x = RecurrentOpGradientTest.random(store, rnd, 1, b, t, f);
            Tensor lw = param(store, rnd, f, 4 * u), lu = param(store, rnd, u, 4 * u), lb = param(store, rnd, 4 * u);
            Tensor gw = param(store, rnd, u, 3 * u), gu = param(store, rnd, u, 3 * u), gb = param(store, rnd, 2, 3 * u);
            Tensor sw = param(store, rnd, u, u), su = param(store, rnd, u, u), sb = param(store, rnd, u);
            Tensor weights = RecurrentOpGradientTest.random(store, rnd, 1, b, u);
            Tensor h = LstmOp.apply(tape, x, lw, lu, lb, null, null, true);
            h = GruOp.apply(tape, h, gw, gu, gb, null, true);
            h = SimpleRnnOp.apply(tape, h, sw, su, sb, null, Activation.TANH, 0f, false);
            tape.backward(SequenceGradients.WeightedSum.apply(tape, h, weights));
            double norm = 0;
            for (long i = 0; i < lw.size(); i++) norm += Math.abs(lw.grad.getFlat(i));
            assertTrue(Double.isFinite(norm) && norm > 0, "the gradient must reach the first layer's kernel through 500 steps: |dW| = " + norm);
        }
    }

    private static Tensor param(TensorStore store, SplittableRandom rnd, int... shape) {
        Tensor t = RecurrentOpGradientTest.random(store, rnd, 0.3, shape);
        t.requiresGrad = true;
        t.grad = store.zerosLike(t);
        return t;
    }
}
