package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.model.Sequential;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrentLayerTest {

    @Test
    void kerasParameterCountsNamesAndSummaryShapes() {
        try (Sequential m = Sequential.of(new InputLayer(28, 28), new SimpleRNN(128, true), new LSTM(64, true), new GRU(32),
                new Dense(10, Activation.IDENTITY, true))) {
            m.build(28, 28);
            List<Layer> layers = m.layers();
            assertEquals(128 * (28 + 128 + 1), layers.get(1).paramCount());
            assertEquals(4 * 64 * (128 + 64 + 1), layers.get(2).paramCount());
            assertEquals(3 * 32 * (64 + 32 + 2), layers.get(3).paramCount());
            List<String> names = m.parameters().stream().map(Parameter::fullName).toList();
            assertEquals(List.of("simple_rnn.kernel", "simple_rnn.recurrent_kernel", "simple_rnn.bias",
                    "lstm.kernel", "lstm.recurrent_kernel", "lstm.bias",
                    "gru.kernel", "gru.recurrent_kernel", "gru.bias",
                    "dense.kernel", "dense.bias"), names);
            assertArrayEquals(new int[] {64, 256}, ((LSTM) layers.get(2)).recurrentKernel().value().shape());
            assertArrayEquals(new int[] {2, 96}, ((GRU) layers.get(3)).bias().value().shape());
            String summary = m.summaryString();
            assertTrue(summary.contains("simple_rnn (SimpleRNN)"), summary);
            assertTrue(summary.contains("(None, 28, 128)"), summary);
            assertTrue(summary.contains("(None, 28, 64)"), summary);
            assertTrue(summary.contains("(None, 32)"), summary);
            assertTrue(summary.contains("49,408"), summary);
        }
    }

    @Test
    void lstmStartsWithForgetBiasOneAndOrthogonalRecurrentKernel() {
        try (Sequential m = Sequential.of(new InputLayer(5, 3), new LSTM(4))) {
            m.build(5, 3);
            LSTM l = (LSTM) m.layers().get(1);
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, l.bias().value().toArray());
            float[] u = l.recurrentKernel().value().toArray();
            for (int i = 0; i < 4; i++) {
                double norm = 0;
                for (int j = 0; j < 16; j++) norm += u[i * 16 + j] * u[i * 16 + j];
                assertEquals(1.0, norm, 1e-5, "row " + i + " of the recurrent kernel");
            }
        }
    }

    @Test
    void lastStateEqualsLastStepOfSequenceAndGivenStateIsUsed() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape();
             Sequential seq = Sequential.of(new InputLayer(6, 3), new GRU(5, true)).seed(3);
             Sequential last = Sequential.of(new InputLayer(6, 3), new GRU(5)).seed(3)) {
            seq.build(6, 3);
            last.build(6, 3);
            Tensor x = store.allocate(2, 6, 3);
            for (long i = 0; i < x.size(); i++) x.setFlat(i, (float) Math.sin(i));
            Tensor all = seq.forward(tape, x, false), end = last.forward(tape, x, false);
            for (int b = 0; b < 2; b++) for (int j = 0; j < 5; j++) assertEquals(all.get(b, 5, j), end.get(b, j), 1e-6f);

            Tensor h0 = store.allocate(2, 5).fill(0.5f);
            Tensor fromState = ((GRU) last.layers().get(1)).call(tape, x, h0);
            assertTrue(Math.abs(fromState.get(0, 0) - end.get(0, 0)) > 1e-6, "a non-zero initial state must change the output");
        }
    }

    @Test
    void badShapesNameTheShapes() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape();
             Sequential m = Sequential.of(new InputLayer(6, 3), new LSTM(5))) {
            m.build(6, 3);
            LSTM l = (LSTM) m.layers().get(1);
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(tape, store.allocate(2, 6, 4), false));
            assertTrue(e.getMessage().contains("[2, 6, 4]"), e.getMessage());
            var s = assertThrows(IllegalArgumentException.class, () -> l.call(tape, store.allocate(2, 6, 3), store.allocate(3, 5), null));
            assertTrue(s.getMessage().contains("[3, 5]") && s.getMessage().contains("[2, 5]"), s.getMessage());
            var r = assertThrows(IllegalArgumentException.class, () -> Sequential.of(new InputLayer(12), new LSTM(5)).build(12));
            assertTrue(r.getMessage().contains("[batch, timesteps, features]"), r.getMessage());
        }
    }

    @Test
    void timeDistributedAppliesOneDenseToEveryStep() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape();
             Sequential m = Sequential.of(new InputLayer(6, 3), new LSTM(4, true), Layers.timeDistributed(Layers.dense(2, "softmax")))) {
            m.build(6, 3);
            assertTrue(m.summaryString().contains("time_distributed") && m.summaryString().contains("(TimeDistributed)"), m.summaryString());
            assertTrue(m.summaryString().contains("(None, 6, 2)"), m.summaryString());
            assertEquals(4 * 2 + 2, m.layers().get(2).paramCount());
            Tensor x = store.allocate(2, 6, 3);
            for (long i = 0; i < x.size(); i++) x.setFlat(i, (float) Math.cos(i));
            Tensor seq = m.layers().get(1).forward(tape, x, false);
            Tensor y = m.forward(tape, x, false);
            TimeDistributed td = (TimeDistributed) m.layers().get(2);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 6; t++) {
                    double[] z = new double[2];
                    double sum = 0;
                    for (int j = 0; j < 2; j++) {
                        z[j] = td.bias().value().getFlat(j);
                        for (int k = 0; k < 4; k++) z[j] += seq.get(b, t, k) * td.kernel().value().get(k, j);
                        sum += Math.exp(z[j]);
                    }
                    for (int j = 0; j < 2; j++) assertEquals(Math.exp(z[j]) / sum, y.get(b, t, j), 1e-5, "step " + t);
                }
            }
        }
    }
}
