package dev.mako.ops;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.ConvKernelChecks;
import dev.mako.kernels.ConvReference;
import dev.mako.kernels.Padding;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pooling ops, batch split over the pool, forward and backward against the naive reference. */
class Pool2DOpTest {
    static List<ConvKernelChecks.Shape> shapes() {
        return ConvKernelChecks.POOL_SHAPES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void maxAndAverageMatchTheReference(ConvKernelChecks.Shape s) {
        ConvGeometry g = ConvGeometry.of(s.h(), s.w(), s.c(), s.kh(), s.kw(), s.sh(), s.sw(), 1, 1, s.padding());
        for (boolean max : new boolean[] {true, false}) {
            float[] xv = random(1, s.batch() * g.inputSize(), -1, 1), r = random(2, s.batch() * g.outPixels() * s.c(), -1, 1);
            try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
                Tensor x = store.of(xv, s.batch(), s.h(), s.w(), s.c()), proj = store.of(r, s.batch(), g.outH(), g.outW(), s.c());
                x.requiresGrad = true;
                Tensor y = max ? Pool2DOp.max(tape, x, g) : Pool2DOp.average(tape, x, g);
                assertClose(max ? ConvReference.maxPool(g, s.batch(), xv) : ConvReference.avgPool(g, s.batch(), xv), y.toArray(), 1e-6, 1e-6, "forward");
                tape.backward(SumOp.apply(tape, MulOp.apply(tape, y, proj)));
                float[] expected = max ? ConvReference.maxPoolGradient(g, s.batch(), xv, r) : ConvReference.avgPoolGradient(g, s.batch(), r);
                assertClose(expected, x.grad.toArray(), 1e-5, 1e-5, (max ? "max" : "average") + " backward");
            }
        }
    }

    /**
     * A ReLU convolution feeding a max pool: the pool applies the ReLU's backward and the
     * convolution skips it. Gradients must equal those of the unfused chain (identity
     * convolution, separate ReLU op, pool), and the fusion must stay off while the convolution's
     * output has a second consumer.
     */
    @Test
    void reluConvolutionIntoMaxPoolMatchesTheUnfusedChain() {
        ConvGeometry conv = ConvGeometry.of(9, 8, 3, 3, 3, 1, 1, 1, 1, Padding.VALID), pool = ConvGeometry.of(7, 6, 20, 2, 2, 2, 2, 1, 1, Padding.VALID);
        float[] xv = random(4, 2 * 9 * 8 * 3, -1, 1), wv = random(5, 3 * 3 * 3 * 20, -0.5f, 0.5f), bv = random(6, 20, -0.2f, 0.2f);
        float[] r = random(7, 2 * 3 * 3 * 20, -1, 1);
        float[][] fused = chain(conv, pool, xv, wv, bv, r, true, false), plain = chain(conv, pool, xv, wv, bv, r, false, false);
        float[][] shared = chain(conv, pool, xv, wv, bv, r, true, true), sharedPlain = chain(conv, pool, xv, wv, bv, r, false, true);
        String[] names = {"input", "kernel", "bias"};
        for (int i = 0; i < 3; i++) {
            assertClose(plain[i], fused[i], 1e-5, 1e-6, names[i] + " gradient, fused");
            assertClose(sharedPlain[i], shared[i], 1e-5, 1e-6, names[i] + " gradient, conv output used twice");
        }
    }

    /** Gradients of x, kernel, bias for sum(pool(relu(conv(x))) · r) [+ sum(relu(conv(x))) when {@code twice}]. */
    private static float[][] chain(ConvGeometry conv, ConvGeometry pool, float[] xv, float[] wv, float[] bv, float[] r, boolean fusedRelu, boolean twice) {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.of(xv, 2, 9, 8, 3), w = store.of(wv, 3, 3, 3, 20), b = store.of(bv, 20), proj = store.of(r, 2, 3, 3, 20);
            x.requiresGrad = w.requiresGrad = b.requiresGrad = true;
            Tensor h = fusedRelu ? Conv2DOp.apply(tape, x, w, b, conv, Activation.RELU, 0f)
                    : ActivationOp.apply(tape, Conv2DOp.apply(tape, x, w, b, conv, Activation.IDENTITY, 0f), Activation.RELU);
            Tensor loss = SumOp.apply(tape, MulOp.apply(tape, Pool2DOp.max(tape, h, pool), proj));
            if (twice) loss = AddOp.apply(tape, loss, SumOp.apply(tape, h));
            tape.backward(loss);
            if (fusedRelu) assertEquals(twice ? 0 : 1, tape.node(0).i2, "the pool applied the ReLU's backward (only with one consumer)");
            return new float[][] {x.grad.toArray(), w.grad.toArray(), b.grad.toArray()};
        }
    }

    @Test
    void globalAverageIsTheMeanOverPixels() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            float[] xv = random(3, 2 * 3 * 4 * 5, -1, 1);
            Tensor x = store.of(xv, 2, 3, 4, 5);
            x.requiresGrad = true;
            Tensor y = GlobalAveragePoolOp.apply(tape, x);
            ConvGeometry whole = ConvGeometry.of(3, 4, 5, 3, 4, 1, 1, 1, 1, Padding.VALID);
            assertClose(ConvReference.avgPool(whole, 2, xv), y.toArray(), 1e-6, 1e-6, "forward");
            tape.backward(SumOp.apply(tape, y));
            float[] expected = new float[xv.length];
            java.util.Arrays.fill(expected, 1f / 12);
            assertClose(expected, x.grad.toArray(), 1e-6, 1e-6, "backward");
        }
    }

    @Test
    void wrongInputShapeFailsNamingIt() {
        ConvGeometry g = ConvGeometry.of(4, 4, 3, 2, 2, 2, 2, 1, 1, Padding.VALID);
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            var e = assertThrows(IllegalArgumentException.class, () -> Pool2DOp.max(tape, store.zeros(2, 4, 5, 3), g));
            assertTrue(e.getMessage().contains("[2, 4, 5, 3]") && e.getMessage().contains("[batch, 4, 4, 3]"), e.getMessage());
        }
    }
}
