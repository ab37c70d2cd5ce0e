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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

    /** conv input [2, h, w, c] → filters, then a 2 × 2 pool: 20 filters by vectors; LeNet's first layer (6 filters, two pixels per vector, narrow pooling). */
    record Chain(int h, int w, int c, int k, Padding padding, int filters) {
        ConvGeometry conv() {
            return ConvGeometry.of(h, w, c, k, k, 1, 1, 1, 1, padding);
        }

        ConvGeometry pool() {
            ConvGeometry g = conv();
            return ConvGeometry.of(g.outH(), g.outW(), filters, 2, 2, 2, 2, 1, 1, Padding.VALID);
        }
    }

    static List<Arguments> chains() {
        List<Arguments> cases = new ArrayList<>();
        for (Chain c : List.of(new Chain(9, 8, 3, 3, Padding.VALID, 20), new Chain(8, 8, 1, 5, Padding.SAME, 6))) {
            cases.add(Arguments.of(c, true));
            cases.add(Arguments.of(c, false));
        }
        return cases;
    }

    /**
     * A ReLU convolution feeding a max or average pool: the pool applies the ReLU's backward and
     * the convolution skips it. Gradients must equal those of the unfused chain (identity
     * convolution, separate ReLU op, pool), and the fusion must stay off while the convolution's
     * output has a second consumer.
     */
    @ParameterizedTest(name = "{0}, max {1}")
    @MethodSource("chains")
    void reluConvolutionIntoPoolMatchesTheUnfusedChain(Chain c, boolean max) {
        ConvGeometry conv = c.conv(), pool = c.pool();
        float[] xv = random(4, 2 * conv.inputSize(), -1, 1), wv = random(5, conv.patchSize() * c.filters(), -0.5f, 0.5f);
        float[] bv = random(6, c.filters(), -0.2f, 0.2f), r = random(7, 2 * pool.outPixels() * c.filters(), -1, 1);
        float[][] fused = chain(c, max, xv, wv, bv, r, true, false), plain = chain(c, max, xv, wv, bv, r, false, false);
        float[][] shared = chain(c, max, xv, wv, bv, r, true, true), sharedPlain = chain(c, max, xv, wv, bv, r, false, true);
        String[] names = {"input", "kernel", "bias"};
        for (int i = 0; i < 3; i++) {
            assertClose(plain[i], fused[i], 1e-5, 1e-6, names[i] + " gradient, fused");
            assertClose(sharedPlain[i], shared[i], 1e-5, 1e-6, names[i] + " gradient, conv output used twice");
        }
    }

    /** Gradients of x, kernel, bias for sum(pool(relu(conv(x))) · r) [+ sum(relu(conv(x))) when {@code twice}]. */
    private static float[][] chain(Chain c, boolean max, float[] xv, float[] wv, float[] bv, float[] r, boolean fusedRelu, boolean twice) {
        ConvGeometry conv = c.conv(), pool = c.pool();
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.of(xv, 2, c.h(), c.w(), c.c()), w = store.of(wv, c.k(), c.k(), c.c(), c.filters()), b = store.of(bv, c.filters());
            Tensor proj = store.of(r, 2, pool.outH(), pool.outW(), c.filters());
            x.requiresGrad = w.requiresGrad = b.requiresGrad = true;
            Tensor h = fusedRelu ? Conv2DOp.apply(tape, x, w, b, conv, Activation.RELU, 0f)
                    : ActivationOp.apply(tape, Conv2DOp.apply(tape, x, w, b, conv, Activation.IDENTITY, 0f), Activation.RELU);
            Tensor pooled = max ? Pool2DOp.max(tape, h, pool) : Pool2DOp.average(tape, h, pool);
            Tensor loss = SumOp.apply(tape, MulOp.apply(tape, pooled, proj));
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
