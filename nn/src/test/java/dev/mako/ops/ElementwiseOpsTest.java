package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Activations, softmax, math ops and dropout: forward values against direct computation. */
class ElementwiseOpsTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    private final float[] xs = {-2.5f, -1f, -0.25f, 0.5f, 1f, 3f, -0.75f};

    private Tensor x() {
        return store.of(xs, 7);
    }

    private void assertElementwise(Tensor y, DoubleUnaryOperator f) {
        float[] v = y.toArray();
        for (int i = 0; i < xs.length; i++) assertEquals(f.applyAsDouble(xs[i]), v[i], 1e-6, "at " + xs[i]);
    }

    @Test
    void activations() {
        assertElementwise(ActivationOp.apply(tape, x(), Activation.IDENTITY), v -> v);
        assertElementwise(ActivationOp.apply(tape, x(), Activation.STEP), v -> v > 0 ? 1 : 0);
        assertElementwise(ActivationOp.apply(tape, x(), Activation.SIGMOID), v -> 1 / (1 + Math.exp(-v)));
        assertElementwise(ActivationOp.apply(tape, x(), Activation.TANH), Math::tanh);
        assertElementwise(ActivationOp.apply(tape, x(), Activation.RELU), v -> Math.max(v, 0));
        assertElementwise(ActivationOp.apply(tape, x(), Activation.LEAKY_RELU, 0.2f), v -> v > 0 ? v : 0.2 * v);
    }

    @Test
    void mathOps() {
        assertElementwise(ExpOp.apply(tape, x()), Math::exp);
        assertElementwise(SquareOp.apply(tape, x()), v -> v * v);
        assertElementwise(AddScalarOp.apply(tape, x(), 1.5f), v -> v + 1.5);
        assertElementwise(MulScalarOp.apply(tape, x(), -3f), v -> -3 * v);
        Tensor positive = store.of(new float[] {0.5f, 1f, 2f, 9f}, 4);
        assertArrayEquals(new float[] {(float) Math.log(0.5), 0f, (float) Math.log(2), (float) Math.log(9)}, LogOp.apply(tape, positive).toArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), 1f, (float) Math.sqrt(2), 3f}, SqrtOp.apply(tape, positive).toArray(), 1e-6f);
        assertTrue(Float.isNaN(LogOp.apply(tape, store.of(new float[] {-1f}, 1)).getFlat(0)), "log of a negative number is NaN");
    }

    @Test
    void softmaxAndLogSoftmaxRows() {
        float[] v = {1, 2, 3, -1, 0, 1000};
        Tensor x = store.of(v, 2, 3);
        float[] p = SoftmaxOp.apply(tape, x).toArray(), lp = LogSoftmaxOp.apply(tape, x).toArray();
        for (int r = 0; r < 2; r++) {
            double max = Math.max(v[r * 3], Math.max(v[r * 3 + 1], v[r * 3 + 2])), sum = 0;
            for (int j = 0; j < 3; j++) sum += Math.exp(v[r * 3 + j] - max);
            for (int j = 0; j < 3; j++) {
                double logp = v[r * 3 + j] - max - Math.log(sum);
                assertEquals(Math.exp(logp), p[r * 3 + j], 1e-6);
                assertEquals(logp, lp[r * 3 + j], 1e-4);
            }
        }
    }

    @Test
    void dropoutIsIdentityInEvaluationAndInvertedInTraining() {
        Tensor x = store.allocate(50, 40).fill(1f);
        assertSame(x, DropoutOp.apply(tape, x, 0.3f, new SplittableRandom(1), false));
        assertSame(x, DropoutOp.apply(tape, x, 0f, new SplittableRandom(1), true));
        float[] y = DropoutOp.apply(tape, x, 0.3f, new SplittableRandom(1), true).toArray();
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 1 / 0.7f) < 1e-6f, "value " + v);
            if (v != 0f) kept++;
        }
        assertEquals(0.7, kept / 2000.0, 0.04);
        assertArrayEquals(y, DropoutOp.apply(tape, x, 0.3f, new SplittableRandom(1), true).toArray(), "same seed, same mask");
        assertArrayEquals(new float[2000], DropoutOp.apply(tape, x, 1f, new SplittableRandom(1), true).toArray(), "rate 1 drops everything");
    }

    @Test
    void dropoutGradientIsTheMask() {
        Tensor x = store.allocate(4, 6).fill(2f);
        x.requiresGrad = true;
        Tensor y = DropoutOp.apply(tape, x, 0.5f, new SplittableRandom(9), true);
        tape.backward(SumOp.apply(tape, y));
        float[] g = x.grad.toArray(), out = y.toArray();
        for (int i = 0; i < g.length; i++) assertEquals(out[i] / 2f, g[i], 1e-6f);
    }

    @Test
    void nanPassesThroughActivationsAndSoftmax() {
        Tensor x = store.of(new float[] {0.5f, Float.NaN, 1f}, 1, 3);
        assertTrue(Float.isNaN(ActivationOp.apply(tape, x, Activation.SIGMOID).getFlat(1)));
        float[] p = SoftmaxOp.apply(tape, x).toArray();
        assertTrue(Float.isNaN(p[0]) || Float.isNaN(p[1]), "a NaN logit must not vanish from its row");
    }
}
