package dev.mako.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward values of the broadcasting ops against a direct NumPy-rule computation, and their gradients' shapes. */
class BroadcastingOpsTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();
    private final SplittableRandom random = new SplittableRandom(17);

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new int[] {3, 5}, new int[] {3, 5}),
                Arguments.of(new int[] {4, 5}, new int[] {5}),
                Arguments.of(new int[] {5}, new int[] {4, 5}),
                Arguments.of(new int[] {4, 5}, new int[] {4, 1}),
                Arguments.of(new int[] {4, 1}, new int[] {1, 3}),
                Arguments.of(new int[] {3, 1, 5}, new int[] {4, 1}),
                Arguments.of(new int[] {2, 3, 5}, new int[] {3, 1}),
                Arguments.of(new int[] {3, 5}, new int[] {1}),
                Arguments.of(new int[] {1}, new int[] {3, 5}),
                Arguments.of(new int[] {3, 5}, new int[] {}),
                Arguments.of(new int[] {2, 1, 3, 1}, new int[] {1, 4, 1, 5}));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void addMatchesDirectComputation(int[] a, int[] b) {
        check(a, b, AddOp::apply, Float::sum);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void subMatchesDirectComputation(int[] a, int[] b) {
        check(a, b, SubOp::apply, (x, y) -> x - y);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void mulMatchesDirectComputation(int[] a, int[] b) {
        check(a, b, MulOp::apply, (x, y) -> x * y);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void divMatchesDirectComputation(int[] a, int[] b) {
        check(a, b, DivOp::apply, (x, y) -> x / y);
    }

    interface BinaryOp {
        Tensor apply(Tape tape, Tensor a, Tensor b);
    }

    private void check(int[] aShape, int[] bShape, BinaryOp op, BinaryOperator<Float> scalar) {
        Tensor a = random(aShape), b = random(bShape);
        Tensor c = op.apply(tape, a, b);
        int[] out = Shapes.broadcast(aShape, bShape);
        assertArrayEquals(out, c.shape());
        float[] av = a.toArray(), bv = b.toArray(), cv = c.toArray();
        for (int i = 0; i < cv.length; i++) {
            float expected = scalar.apply(av[sourceIndex(i, out, aShape)], bv[sourceIndex(i, out, bShape)]);
            assertEquals(expected, cv[i], Math.abs(expected) * 1e-6f, "element " + i);
        }
    }

    /** Row-major index into a tensor of {@code shape} of the element that output element {@code i} reads. */
    static int sourceIndex(int i, int[] out, int[] shape) {
        int src = 0, stride = 1;
        for (int d = out.length - 1, s = shape.length - 1; d >= 0; d--, s--) {
            int coordinate = i % out[d];
            i /= out[d];
            if (s >= 0) {
                if (shape[s] != 1) src += coordinate * stride;
                stride *= shape[s];
            }
        }
        return src;
    }

    @Test
    void gradientOfABroadcastOperandIsSummedOverTheBroadcastAxes() {
        Tensor a = random(4, 3), b = random(3);
        a.requiresGrad = true;
        b.requiresGrad = true;
        Tensor c = AddOp.apply(tape, a, b);
        tape.backward(SumOp.apply(tape, c));
        assertArrayEquals(new float[] {4, 4, 4}, b.grad.toArray());
        assertArrayEquals(new float[12], minus(a.grad.toArray(), 1f), 0f);
    }

    @Test
    void gradientOfAColumnOperandOfAProduct() {
        Tensor a = store.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), b = store.of(new float[] {10, 20}, 2, 1);
        b.requiresGrad = true;
        tape.backward(SumOp.apply(tape, MulOp.apply(tape, a, b)));
        assertArrayEquals(new float[] {6, 15}, b.grad.toArray());
    }

    @Test
    void incompatibleShapesNameBothShapesBeforeAnyWork() {
        Tensor a = random(3, 4), b = random(5);
        long used = tape.workspace().bytesInUse();
        var e = assertThrows(IllegalArgumentException.class, () -> AddOp.apply(tape, a, b));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5]"), e.getMessage());
        assertEquals(used, tape.workspace().bytesInUse(), "nothing allocated");
        for (BinaryOp op : new BinaryOp[] {SubOp::apply, MulOp::apply, DivOp::apply}) {
            var m = assertThrows(IllegalArgumentException.class, () -> op.apply(tape, a, b)).getMessage();
            assertTrue(m.contains("[3, 4]") && m.contains("[5]"), m);
        }
    }

    @Test
    void nonContiguousInputsAreReadInLogicalOrder() {
        Tensor base = store.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor c = AddOp.apply(tape, base.t(), store.of(new float[] {100, 200}, 2));
        assertArrayEquals(new float[] {101, 204, 102, 205, 103, 206}, c.toArray());
    }

    @Test
    void nanInAnOperandStaysVisible() {
        Tensor a = store.of(new float[] {1, Float.NaN, 3}, 3), b = store.of(new float[] {2}, 1);
        float[] c = MulOp.apply(tape, a, b).toArray();
        assertTrue(Float.isNaN(c[1]));
        assertEquals(2f, c[0]);
    }

    private Tensor random(int... shape) {
        Tensor t = store.allocate(shape);
        // Keep divisors away from zero so quotients are comparable to a relative tolerance.
        for (long i = 0; i < t.size(); i++) t.setFlat(i, (float) (random.nextBoolean() ? 1 : -1) * (float) random.nextDouble(0.5, 2));
        return t;
    }

    private static float[] minus(float[] v, float s) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] -= s;
        return out;
    }
}
