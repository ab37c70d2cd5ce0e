package dev.mako.ops;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.random;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
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
