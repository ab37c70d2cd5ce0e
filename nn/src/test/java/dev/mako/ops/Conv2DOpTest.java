package dev.mako.ops;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.random;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The fused conv op, both algorithms, forward and all three gradients against the naive reference. */
class Conv2DOpTest {
    static List<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ConvKernelChecks.Shape s : ConvKernelChecks.CONV_SHAPES) {
            for (Conv2DOp.Algorithm a : Conv2DOp.Algorithm.values()) {
                all.add(Arguments.of(s, a));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(ConvKernelChecks.Shape s, Conv2DOp.Algorithm algorithm) {
        ConvGeometry g = ConvGeometry.of(s.h(), s.w(), s.c(), s.kh(), s.kw(), s.sh(), s.sw(), s.dh(), s.dw(), s.padding());
        int f = s.filters(), outLen = s.batch() * g.outPixels() * f;
        float[] xv = random(1, s.batch() * g.inputSize(), -1, 1), wv = random(2, g.patchSize() * f, -1, 1);
        float[] bv = random(3, f, -1, 1), r = random(4, outLen, -1, 1);
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.of(xv, s.batch(), s.h(), s.w(), s.c()), w = store.of(wv, s.kh(), s.kw(), s.c(), f), b = store.of(bv, f);
            Tensor proj = store.of(r, s.batch(), g.outH(), g.outW(), f);
            x.requiresGrad = w.requiresGrad = b.requiresGrad = true;
            Tensor y = Conv2DOp.apply(tape, x, w, b, g, Activation.RELU, 0f, algorithm);
            float[] expected = ConvReference.conv(g, s.batch(), f, xv, wv, bv);
            float[] dz = new float[outLen], db = new float[f];
            for (int i = 0; i < outLen; i++) {
                expected[i] = Math.max(0f, expected[i]);
                dz[i] = expected[i] > 0 ? r[i] : 0f;
                db[i % f] += dz[i];
            }
            assertClose(expected, y.toArray(), 1e-5, 1e-5, "forward");
            tape.backward(SumOp.apply(tape, MulOp.apply(tape, y, proj)));
            assertClose(ConvReference.convInputGradient(g, s.batch(), f, dz, wv), x.grad.toArray(), 1e-4, 1e-4, "input gradient");
            assertClose(ConvReference.convWeightGradient(g, s.batch(), f, xv, dz), w.grad.toArray(), 1e-4, 1e-4, "kernel gradient");
            assertClose(db, b.grad.toArray(), 1e-4, 1e-4, "bias gradient");
        }
    }

    @Test
    void inputGradientIsSkippedWhenTheInputNeedsNone() {
        ConvGeometry g = ConvGeometry.of(6, 6, 1, 3, 3, 1, 1, 1, 1, Padding.VALID);
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.of(random(5, 72, -1, 1), 2, 6, 6, 1), w = store.of(random(6, 9 * 4, -1, 1), 3, 3, 1, 4);
            w.requiresGrad = true;
            Tensor y = Conv2DOp.apply(tape, x, w, null, g, Activation.TANH, 0f);
            tape.backward(SumOp.apply(tape, y));
            assertNull(x.grad);
            assertTrue(w.grad != null);
        }
    }

    @Test
    void mismatchedShapesFailNamingThem() {
        ConvGeometry g = ConvGeometry.of(6, 6, 2, 3, 3, 1, 1, 1, 1, Padding.VALID);
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.zeros(2, 6, 6, 3), w = store.zeros(3, 3, 2, 4);
            var e = assertThrows(IllegalArgumentException.class, () -> Conv2DOp.apply(tape, x, w, null, g, Activation.RELU, 0f));
            assertTrue(e.getMessage().contains("[2, 6, 6, 3]") && e.getMessage().contains("[3, 3, 2, 4]"), e.getMessage());
            Tensor flat = store.zeros(2, 72);
            assertThrows(IllegalArgumentException.class, () -> Conv2DOp.apply(tape, flat, w, null, g, Activation.RELU, 0f));
            assertTrue(tape.size() == 0);
        }
    }
}
