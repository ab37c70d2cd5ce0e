package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sum, mean, matmul and reshape against direct computation; shape errors. */
class ReductionAndShapeOpsTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    private Tensor iota(int... shape) {
        Tensor t = store.allocate(shape);
        for (long i = 0; i < t.size(); i++) t.setFlat(i, i + 1);
        return t;
    }

    @Test
    void sumAndMeanOfAllElements() {
        Tensor x = iota(3, 5);
        Tensor s = SumOp.apply(tape, x), m = MeanOp.apply(tape, x);
        assertEquals(0, s.rank());
        assertEquals(120f, s.getFlat(0));
        assertEquals(8f, m.getFlat(0));
    }

    @Test
    void sumAndMeanAlongEachAxis() {
        Tensor x = iota(2, 3, 4);
        float[] v = x.toArray();
        Tensor s1 = SumOp.apply(tape, x, 1);
        assertArrayEquals(new int[] {2, 4}, s1.shape());
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 4; i++) {
                float expected = 0;
                for (int l = 0; l < 3; l++) expected += v[(o * 3 + l) * 4 + i];
                assertEquals(expected, s1.get(o, i));
            }
        }
        Tensor m = MeanOp.apply(tape, x, -1);
        assertArrayEquals(new int[] {2, 3}, m.shape());
        assertEquals((1 + 2 + 3 + 4) / 4f, m.get(0, 0), 1e-6f);
        Tensor s0 = SumOp.apply(tape, x, 0);
        assertEquals(1f + 13f, s0.get(0, 0));
        assertThrows(IllegalArgumentException.class, () -> SumOp.apply(tape, x, 3));
    }

    @Test
    void sumAlongAnAxisSpreadsTheGradientBack() {
        Tensor x = iota(2, 3);
        x.requiresGrad = true;
        Tensor w = store.of(new float[] {10, 20}, 2);
        tape.backward(SumOp.apply(tape, MulOp.apply(tape, MeanOp.apply(tape, x, 1), w)));
        float third = 1f / 3;
        assertArrayEquals(new float[] {10 * third, 10 * third, 10 * third, 20 * third, 20 * third, 20 * third}, x.grad.toArray(), 1e-5f);
    }

    @Test
    void matmulMatchesDirectProductIncludingTransposedViews() {
        Tensor a = iota(3, 4), b = iota(4, 2);
        Tensor c = MatMulOp.apply(tape, a, b);
        float[] av = a.toArray(), bv = b.toArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                float s = 0;
                for (int k = 0; k < 4; k++) s += av[i * 4 + k] * bv[k * 2 + j];
                assertEquals(s, c.get(i, j));
            }
        }
        Tensor at = iota(4, 3), bt = iota(2, 4);
        Tensor d = MatMulOp.apply(tape, at.t(), bt.t());
        float[] atv = at.toArray(), btv = bt.toArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                float s = 0;
                for (int k = 0; k < 4; k++) s += atv[k * 3 + i] * btv[j * 4 + k];
                assertEquals(s, d.get(i, j));
            }
        }
    }

    @Test
    void matmulShapeMismatchNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> MatMulOp.apply(tape, iota(3, 4), iota(5, 2)));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5, 2]"), e.getMessage());
    }

    @Test
    void reshapeIsAViewAndItsGradientKeepsTheElementOrder() {
        Tensor x = iota(2, 3, 4);
        x.requiresGrad = true;
        Tensor y = ReshapeOp.apply(tape, x, 6, 4);
        assertSame(x.segment(), y.segment());
        assertEquals(x.offset(), y.offset());
        assertArrayEquals(x.toArray(), y.toArray());
        Tensor flat = ReshapeOp.flatten(tape, x);
        assertArrayEquals(new int[] {2, 12}, flat.shape());
        Tensor inferred = ReshapeOp.apply(tape, x, new int[] {-1, 8});
        assertArrayEquals(new int[] {3, 8}, inferred.shape());
        Tensor w = iota(6, 4);
        tape.backward(SumOp.apply(tape, MulOp.apply(tape, y, w)));
        assertArrayEquals(w.toArray(), x.grad.toArray());
    }

    @Test
    void reshapeToTheWrongSizeNamesBothShapes() {
        Tensor x = iota(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> ReshapeOp.apply(tape, x, 4, 2));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReshapeOp.apply(tape, x, new int[] {-1, 4}));
    }

    @Test
    void nanPropagatesThroughReductions() {
        Tensor x = iota(2, 3);
        x.set(Float.NaN, 1, 2);
        assertTrue(Float.isNaN(SumOp.apply(tape, x).getFlat(0)));
        Tensor m = MeanOp.apply(tape, x, 1);
        assertEquals(2f, m.getFlat(0));
        assertTrue(Float.isNaN(m.getFlat(1)));
    }
}
