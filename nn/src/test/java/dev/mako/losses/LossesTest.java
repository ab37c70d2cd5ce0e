package dev.mako.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loss values against the Keras formulas, target handling, names and configs. */
class LossesTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    private float value(Loss loss, Tensor p, Tensor t) {
        return loss.compute(tape, p, t).getFlat(0);
    }

    @Test
    void meanSquaredError() {
        Tensor p = store.of(new float[] {1, 2, 3, 4}, 2, 2), t = store.of(new float[] {0, 2, 5, 1}, 2, 2);
        assertEquals((1 + 0 + 4 + 9) / 4f, value(Losses.meanSquaredError(), p, t), 1e-6f);
    }

    @Test
    void targetsThatDifferByATrailingOneAreAligned() {
        Tensor p = store.of(new float[] {1, 2, 3}, 3, 1), t = store.of(new float[] {0, 2, 5}, 3);
        assertEquals((1 + 0 + 4) / 3f, value(Losses.mse(), p, t), 1e-6f);
        assertEquals((1 + 0 + 4) / 3f, value(Losses.mse(), store.of(new float[] {1, 2, 3}, 3), store.of(new float[] {0, 2, 5}, 3, 1)), 1e-6f);
    }

    @Test
    void mismatchedShapesNameBoth() {
        Tensor p = store.zeros(3, 2), t = store.zeros(2, 3);
        for (Loss loss : List.of(Losses.mse(), Losses.binaryCrossentropy(), Losses.categoricalCrossentropy(), Losses.hinge(),
                Losses.perceptronCriterion(), Losses.binaryCrossentropy(true), Losses.categoricalCrossentropy(true))) {
            var e = assertThrows(IllegalArgumentException.class, () -> loss.compute(tape, p, t), loss.name());
            assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        }
    }

    @Test
    void binaryCrossentropyClipsLikeKeras() {
        Tensor p = store.of(new float[] {1f, 0.25f}, 2, 1), t = store.of(new float[] {0, 1}, 2, 1);
        double expected = (-Math.log(1 - (double) (1f - 1e-7f)) - Math.log(0.25)) / 2;
        assertEquals(expected, value(Losses.binaryCrossentropy(), p, t), 1e-3);
    }

    @Test
    void categoricalAndSparseAgree() {
        Tensor p = store.of(new float[] {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f}, 2, 3);
        Tensor onehot = store.of(new float[] {1, 0, 0, 0, 0, 1}, 2, 3), labels = store.of(new float[] {0, 2}, 2);
        float expected = (float) ((-Math.log(0.7) - Math.log(0.6)) / 2);
        assertEquals(expected, value(Losses.categoricalCrossentropy(), p, onehot), 1e-6f);
        assertEquals(expected, value(Losses.sparseCategoricalCrossentropy(), p, labels), 1e-6f);
    }

    @Test
    void sparseTargetsOutOfRangeNameTheRow() {
        Tensor p = store.zeros(3, 4).fill(0.25f), y = store.of(new float[] {0, 3, 4}, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.sparseCategoricalCrossentropy().compute(tape, p, y));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("4.0"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> Losses.sparseCategoricalCrossentropy(true).compute(tape, p, store.of(new float[] {0, 0.5f, 1}, 3)));
        assertTrue(f.getMessage().contains("row 1") && f.getMessage().contains("0.5"), f.getMessage());
    }

    @Test
    void hingeMapsZeroOneTargetsToMinusOneOne() {
        Tensor p = store.of(new float[] {0.3f, -2f, 0.5f}, 3), zeroOne = store.of(new float[] {1, 0, 0}, 3), signed = store.of(new float[] {1, -1, -1}, 3);
        float expected = (0.7f + 0f + 1.5f) / 3;
        assertEquals(expected, value(Losses.hinge(), p, zeroOne), 1e-6f);
        assertEquals(expected, value(Losses.hinge(), p, signed), 1e-6f);
    }

    @Test
    void perceptronCriterionCountsOnlyMistakes() {
        Tensor p = store.of(new float[] {0.3f, -2f, 0.5f, -0.25f}, 4), y = store.of(new float[] {1, -1, -1, 1}, 4);
        assertEquals((0 + 0 + 0.5f + 0.25f) / 4, value(Losses.perceptronCriterion(), p, y), 1e-6f);
    }

    @Test
    void aNanPredictionGivesANanLossForEveryLoss() {
        Tensor p = store.of(new float[] {0.2f, Float.NaN, 0.3f, 0.5f}, 2, 2);
        Tensor binary = store.of(new float[] {1, 0, 0, 1}, 2, 2), labels = store.of(new float[] {0, 1}, 2);
        for (Loss loss : List.of(Losses.mse(), Losses.binaryCrossentropy(), Losses.binaryCrossentropy(true), Losses.categoricalCrossentropy(),
                Losses.categoricalCrossentropy(true), Losses.hinge(), Losses.perceptronCriterion())) {
            assertTrue(Float.isNaN(value(loss, p, binary)), loss.name() + " hid a NaN");
        }
        assertTrue(Float.isNaN(value(Losses.sparseCategoricalCrossentropy(), p, labels)));
        assertTrue(Float.isNaN(value(Losses.sparseCategoricalCrossentropy(true), p, labels)));
    }

    @Test
    void namesAndConfigsFollowKeras() {
        assertEquals("sparse_categorical_crossentropy", Losses.sparseCategoricalCrossentropy().name());
        assertEquals(true, Losses.categoricalCrossentropy(true).config().get("from_logits"));
        assertEquals("sum_over_batch_size", Losses.mse().config().get("reduction"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.fromName("binary_crossentropy", true));
        assertTrue(((BinaryCrossentropy) Losses.fromName("bce", true)).fromLogits());
        assertInstanceOf(PerceptronCriterion.class, Losses.fromName("perceptron_criterion", false));
        assertThrows(IllegalArgumentException.class, () -> Losses.fromName("nope", false));
    }
}
