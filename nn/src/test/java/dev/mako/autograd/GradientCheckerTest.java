package dev.mako.autograd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.kernels.Elementwise;
import dev.mako.ops.SumOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checker passes correct gradients and catches wrong ones. */
class GradientCheckerTest {
    private final TensorStore store = new TensorStore();

    @AfterEach
    void close() {
        store.close();
    }

    /** y = x³ elementwise, with a backward that is off by {@code factor}. */
    private static final class Cube implements Op {
        final float factor;

        Cube(float factor) {
            this.factor = factor;
        }

        Tensor apply(Tape tape, Tensor x) {
            Tensor y = tape.workspace().allocateLike(x);
            for (long i = 0; i < x.size(); i++) y.setFlat(i, x.getFlat(i) * x.getFlat(i) * x.getFlat(i));
            if (tape.needsGrad(x)) tape.record(this, y).a = x;
            return y;
        }

        @Override
        public void backward(Node n, Tape tape) {
            Tensor dx = tape.grad(n.a), dy = n.out.grad;
            for (long i = 0; i < dx.size(); i++) {
                float x = n.a.getFlat(i);
                dx.setFlat(i, dx.getFlat(i) + factor * 3 * x * x * dy.getFlat(i));
            }
        }

        @Override
        public String name() {
            return "cube";
        }
    }

    private Tensor input() {
        Tensor x = store.of(new float[] {0.5f, -1.2f, 0.8f, 1.5f, -0.3f}, 5);
        x.requiresGrad = true;
        return x;
    }

    @Test
    void aCorrectGradientPasses() {
        Tensor x = input();
        Cube cube = new Cube(1f);
        var r = new GradientChecker().check("cube", t -> SumOp.apply(t, cube.apply(t, x)), x);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.maxRelError() < 1e-3, r.toString());
    }

    @Test
    void aGradientTwoPercentOffFails() {
        Tensor x = input();
        Cube cube = new Cube(1.02f);
        assertFalse(new GradientChecker().check("cube", t -> SumOp.apply(t, cube.apply(t, x)), x).ok());
    }

    @Test
    void aMissingGradientFails() {
        Tensor x = input(), y = input();
        Cube cube = new Cube(1f);
        // y enters the function but no op records it: its analytic gradient stays zero.
        var r = new GradientChecker().check("dropped", t -> {
            Tensor c = cube.apply(t, x);
            Elementwise.add(c.segment(), c.offset(), y.segment(), y.offset(), c.segment(), c.offset(), 5);
            return SumOp.apply(t, c);
        }, x, y);
        assertFalse(r.ok(), r.toString());
    }

    @Test
    void aNanGradientFails() {
        Tensor x = input();
        Cube cube = new Cube(Float.NaN);
        var r = new GradientChecker().check("nan", t -> SumOp.apply(t, cube.apply(t, x)), x);
        assertFalse(r.ok());
        assertTrue(Double.isNaN(r.maxRelError()));
    }

    @Test
    void parameterGradientsAreZeroedBeforeTheCheck() {
        Tensor x = input();
        x.grad = store.zeros(5).fill(100f);
        Cube cube = new Cube(1f);
        assertTrue(new GradientChecker().check("cube", t -> SumOp.apply(t, cube.apply(t, x)), x).ok());
    }

    @Test
    void inputsMustBeStoredVariables() {
        Tensor constant = store.zeros(3);
        assertThrows(IllegalArgumentException.class, () -> new GradientChecker().check("c", t -> SumOp.apply(t, constant), constant));
        try (Tape tape = new Tape()) {
            Tensor scratch = tape.workspace().zeros(3);
            scratch.requiresGrad = true;
            assertThrows(IllegalArgumentException.class, () -> new GradientChecker().check("w", t -> SumOp.apply(t, scratch), scratch));
        }
    }
}
