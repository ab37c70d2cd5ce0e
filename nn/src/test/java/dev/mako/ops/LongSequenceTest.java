package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.tensor.AllocationMeter;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backward through time is a loop: a long sequence needs memory, not stack, and no heap garbage per step. */
class LongSequenceTest {
    @Test
    void fiveHundredStepsForwardAndBackward() {
        Tensor[] grad = new Tensor[1];
        run(16, 500, 8, 32, 1, 0, grad);
    }

    @Test
    void warmedUpStepAllocatesNothingOnTheHeap() {
        double bytes = run(4, 20, 3, 16, 1000, 200, new Tensor[1]);
        assertTrue(bytes < 64, "a warmed-up forward and backward allocated " + bytes + " bytes on the heap");
    }

    /** Stacked LSTM → GRU → SimpleRNN over [b, t, f]; returns heap bytes per measured iteration. */
    private static double run(int b, int t, int f, int u, int warmup, int iterations, Tensor[] out) {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            SplittableRandom rnd = new SplittableRandom(5);
            Tensor x = RecurrentOpGradientTest.random(store, rnd, 1, b, t, f);
            Tensor lw = param(store, rnd, f, 4 * u), lu = param(store, rnd, u, 4 * u), lb = param(store, rnd, 4 * u);
            Tensor gw = param(store, rnd, u, 3 * u), gu = param(store, rnd, u, 3 * u), gb = param(store, rnd, 2, 3 * u);
            Tensor sw = param(store, rnd, u, u), su = param(store, rnd, u, u), sb = param(store, rnd, u);
            Tensor weights = RecurrentOpGradientTest.random(store, rnd, 1, b, u);
            Runnable step = () -> {
                tape.reset();
                Tensor h = LstmOp.apply(tape, x, lw, lu, lb, null, null, true);
                h = GruOp.apply(tape, h, gw, gu, gb, null, true);
                h = SimpleRnnOp.apply(tape, h, sw, su, sb, null, Activation.TANH, 0f, false);
                tape.backward(SequenceGradients.WeightedSum.apply(tape, h, weights));
            };
            // rounds until the JIT has compiled everything (its queue is slow on a busy machine); the best round counts
            double bytes = Double.NaN;
            for (int round = 0; round < 40 && iterations > 0 && !(bytes < 1); round++) {
                double perStep = AllocationMeter.bytesPerIteration(round == 0 ? warmup : 0, iterations, step);
                bytes = Double.isNaN(bytes) ? perStep : Math.min(bytes, perStep);
            }
            if (iterations == 0) step.run();
            double norm = 0;
            for (long i = 0; i < lw.size(); i++) norm += Math.abs(lw.grad.getFlat(i));
            assertTrue(Double.isFinite(norm) && norm > 0, "the gradient must reach the first layer's kernel: |dW| = " + norm);
            tape.reset();
            return bytes;
        }
    }

    private static Tensor param(TensorStore store, SplittableRandom rnd, int... shape) {
        Tensor t = RecurrentOpGradientTest.random(store, rnd, 0.3, shape);
        t.requiresGrad = true;
        t.grad = store.zerosLike(t);
        return t;
    }
}
