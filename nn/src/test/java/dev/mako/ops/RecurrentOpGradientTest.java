package dev.mako.ops;

import dev.mako.kernels.Activation;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks of the three recurrent ops over five steps, with and without return
 * sequences, with respect to the input, the initial state(s) and every parameter. A width of 17
 * runs the fused kernels' vector loop and scalar tail together.
 */
class RecurrentOpGradientTest {
    private static final int B = 3, T = 5, F = 4;

    @ParameterizedTest
    @CsvSource({"3, false", "3, true", "17, false"})
    void simpleRnn(int u, boolean returnSequences) {
        for (Activation f : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            try (TensorStore store = new TensorStore()) {
                SplittableRandom rnd = new SplittableRandom(1);
                Tensor x = random(store, rnd, 1, B, T, F), w = random(store, rnd, 0.5, F, u), uk = random(store, rnd, 0.5, u, u);
                Tensor b = random(store, rnd, 0.5, u), h0 = random(store, rnd, 0.5, B, u);
                SequenceGradients.check("simple_rnn " + f + " u=" + u + " seq=" + returnSequences, store, List.of(x, w, uk, b, h0),
                        tape -> SimpleRnnOp.apply(tape, x, w, uk, b, h0, f, 0f, returnSequences));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3, false", "3, true", "17, false", "17, true"})
    void lstm(int u, boolean returnSequences) {
        try (TensorStore store = new TensorStore()) {
            SplittableRandom rnd = new SplittableRandom(2);
            Tensor x = random(store, rnd, 1, B, T, F), w = random(store, rnd, 0.5, F, 4 * u), uk = random(store, rnd, 0.5, u, 4 * u);
            Tensor b = random(store, rnd, 0.5, 4 * u), h0 = random(store, rnd, 0.5, B, u), c0 = random(store, rnd, 0.5, B, u);
            SequenceGradients.check("lstm u=" + u + " seq=" + returnSequences, store, List.of(x, w, uk, b, h0, c0),
                    tape -> LstmOp.apply(tape, x, w, uk, b, h0, c0, returnSequences));
        }
    }

    @ParameterizedTest
    @CsvSource({"3, false", "3, true", "17, false", "17, true"})
    void gru(int u, boolean returnSequences) {
        try (TensorStore store = new TensorStore()) {
            SplittableRandom rnd = new SplittableRandom(3);
            Tensor x = random(store, rnd, 1, B, T, F), w = random(store, rnd, 0.5, F, 3 * u), uk = random(store, rnd, 0.5, u, 3 * u);
            Tensor b = random(store, rnd, 0.5, 2, 3 * u), h0 = random(store, rnd, 0.5, B, u);
            SequenceGradients.check("gru u=" + u + " seq=" + returnSequences, store, List.of(x, w, uk, b, h0),
                    tape -> GruOp.apply(tape, x, w, uk, b, h0, returnSequences));
        }
    }

    @ParameterizedTest
    @CsvSource({"lstm", "gru", "simple_rnn"})
    void withoutBiasOrInitialState(String cell) {
        int u = 5;
        try (TensorStore store = new TensorStore()) {
            SplittableRandom rnd = new SplittableRandom(4);
            int k = switch (cell) { case "lstm" -> 4; case "gru" -> 3; default -> 1; };
            Tensor x = random(store, rnd, 1, B, T, F), w = random(store, rnd, 0.5, F, k * u), uk = random(store, rnd, 0.5, u, k * u);
            List<Tensor> inputs = new ArrayList<>(List.of(x, w, uk));
            SequenceGradients.check(cell + " without bias", store, inputs, tape -> switch (cell) {
                case "lstm" -> LstmOp.apply(tape, x, w, uk, null, null, null, true);
                case "gru" -> GruOp.apply(tape, x, w, uk, null, null, true);
                default -> SimpleRnnOp.apply(tape, x, w, uk, null, null, Activation.TANH, 0f, true);
            });
        }
    }

    static Tensor random(TensorStore store, SplittableRandom rnd, double scale, int... shape) {
        Tensor t = store.allocate(shape);
        for (long i = 0; i < t.size(); i++) t.setFlat(i, (float) rnd.nextDouble(-scale, scale));
        return t;
    }
}
