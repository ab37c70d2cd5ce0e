package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Layer shapes, parameters, train/eval behaviour and Keras names. */
class LayersTest {
    private final TensorStore store = new TensorStore();
    private final Tape tape = new Tape();

    @AfterEach
    void close() {
        tape.close();
        store.close();
    }

    private <L extends Layer> L built(L layer, int... inputShape) {
        layer.named(layer.type().toLowerCase());
        layer.build(inputShape, new BuildContext(store, 7), 0);
        return layer;
    }

    @Test
    void flattenKeepsTheBatchAndSharesStorage() {
        Flatten f = built(Layers.flatten(), 3, 4);
        assertArrayEquals(new int[] {12}, f.outputShape());
        Tensor x = store.zeros(2, 3, 4);
        Tensor y = f.forward(tape, x, true);
        assertArrayEquals(new int[] {2, 12}, y.shape());
        assertSame(x.segment(), y.segment());
        assertEquals(0, f.paramCount());
        assertArrayEquals(new int[] {28, 28}, Layers.flatten(28, 28).declaredInputShape());
        assertNull(Layers.flatten().declaredInputShape());
        var e = assertThrows(IllegalArgumentException.class, () -> f.forward(tape, store.zeros(2, 4, 3), true));
        assertTrue(e.getMessage().contains("[2, 4, 3]"), e.getMessage());
    }

    @Test
    void denseWithSoftmaxGivesProbabilityRows() {
        Dense d = built(Layers.dense(10, "softmax"), 6);
        assertEquals(70, d.paramCount());
        float[] y = d.forward(tape, store.zeros(3, 6).fill(0.5f), false).toArray();
        for (int r = 0; r < 3; r++) {
            float s = 0;
            for (int j = 0; j < 10; j++) s += y[r * 10 + j];
            assertEquals(1f, s, 1e-5f);
        }
        assertEquals("softmax", d.config().get("activation"));
        assertEquals("relu", Layers.dense(4, Activation.RELU).activation().kerasName());
        assertEquals("linear", Layers.dense(4).activation().kerasName());
    }

    @Test
    void batchNormalizationHasKerasParameters() {
        BatchNormalization bn = built(Layers.batchNorm(), 5);
        List<Parameter> ps = bn.parameters();
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), ps.stream().map(Parameter::name).toList());
        assertEquals(20, bn.paramCount());
        assertEquals(10, bn.trainableParamCount());
        assertFalse(bn.movingMean().trainable());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, bn.gamma().value().toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, bn.movingVariance().value().toArray());
        assertEquals("batchnormalization.moving_variance", bn.movingVariance().fullName());
        assertEquals(0.99f, bn.config().get("momentum"));
        assertEquals(1e-3f, bn.config().get("epsilon"));
        assertEquals(4 * 3, built(new BatchNormalization(), 4, 3).paramCount(), "features are the last axis of any per-sample shape");
    }

    @Test
    void batchNormalizationUpdatesMovingStatisticsOnlyInTraining() {
        BatchNormalization bn = built(Layers.batchNorm(), 2);
        Tensor x = store.of(new float[] {1, 10, 3, 20}, 2, 2);
        bn.forward(tape, x, false);
        assertArrayEquals(new float[] {0, 0}, bn.movingMean().value().toArray());
        bn.forward(tape, x, true);
        assertArrayEquals(new float[] {0.02f, 0.15f}, bn.movingMean().value().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.99f + 0.01f * 1f, 0.99f + 0.01f * 25f}, bn.movingVariance().value().toArray(), 1e-6f);
    }

    @Test
    void dropoutDropsOnlyInTrainingAndRepeatsAfterAReseed() {
        Dropout d = built(Layers.dropout(0.5f, 42), 100);
        Tensor x = store.zeros(4, 100).fill(1f);
        assertSame(x, d.forward(tape, x, false));
        float[] a = d.forward(tape, x, true).toArray();
        float[] b = d.forward(tape, x, true).toArray();
        assertFalse(java.util.Arrays.equals(a, b), "the stream moves on between steps");
        d.reseed(42);
        assertArrayEquals(a, d.forward(tape, x, true).toArray());
        assertEquals(0.5f, d.config().get("rate"));
        assertEquals(42L, d.config().get("seed"));
        assertThrows(IllegalArgumentException.class, () -> Layers.dropout(1.5f));
    }

    @Test
    void dropoutWithoutASeedIsReproducibleFromTheModelSeed() {
        Tensor x = store.zeros(2, 50).fill(1f);
        float[] first = built(Layers.dropout(0.3f), 50).forward(tape, x, true).toArray();
        float[] second = built(Layers.dropout(0.3f), 50).forward(tape, x, true).toArray();
        assertArrayEquals(first, second);
    }

    @Test
    void activationLayersByKerasName() {
        Tensor x = store.of(new float[] {-1, 2}, 1, 2);
        assertArrayEquals(new float[] {0, 2}, built(Layers.relu(), 2).forward(tape, x, true).toArray());
        assertArrayEquals(new float[] {-0.3f, 2}, built(Layers.leakyRelu(), 2).forward(tape, x, true).toArray(), 1e-7f);
        assertArrayEquals(new float[] {-0.2f, 2}, built(Layers.activation("leaky_relu"), 2).forward(tape, x, true).toArray(), 1e-7f);
        assertArrayEquals(new float[] {0, 1}, built(Layers.step(), 2).forward(tape, x, true).toArray());
        assertArrayEquals(new float[] {-1, 2}, built(Layers.linear(), 2).forward(tape, x, true).toArray());
        float[] s = built(Layers.softmax(), 2).forward(tape, x, true).toArray();
        assertEquals(1f, s[0] + s[1], 1e-6f);
        assertEquals("Activation", Layers.tanh().type());
        assertEquals("sigmoid", Layers.sigmoid().config().get("activation"));
        assertEquals("LeakyReLU", Layers.leakyRelu(0.1f).type());
        assertEquals(0.1f, Layers.leakyRelu(0.1f).config().get("negative_slope"));
        assertThrows(IllegalArgumentException.class, () -> Layers.activation("swishy"));
    }
}
