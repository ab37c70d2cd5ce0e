package dev.mako.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.kernels.Activation;
import dev.mako.layers.Layer;
import dev.mako.layers.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    static Sequential courseMlp() {
        return Sequential.of(
                Layers.input(28, 28),
                Layers.flatten(),
                Layers.dense(128, Activation.RELU),
                Layers.dense(64, Activation.RELU),
                Layers.dense(10, "softmax"));
    }

    @Test
    void courseMlpSummaryMatchesKeras() {
        try (Sequential model = courseMlp()) {
            String expected = """
                    Model: "sequential"
                    ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
                    ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
                    ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
                    │ flatten (Flatten)               │ (None, 784)            │             0 │
                    ├─────────────────────────────────┼────────────────────────┼───────────────┤
                    │ dense (Dense)                   │ (None, 128)            │       100,480 │
                    ├─────────────────────────────────┼────────────────────────┼───────────────┤
                    │ dense_1 (Dense)                 │ (None, 64)             │         8,256 │
                    ├─────────────────────────────────┼────────────────────────┼───────────────┤
                    │ dense_2 (Dense)                 │ (None, 10)             │           650 │
                    └─────────────────────────────────┴────────────────────────┴───────────────┘
                     Total params: 109,386 (427.29 KB)
                     Trainable params: 109,386 (427.29 KB)
                     Non-trainable params: 0 (0.00 B)
                    """;
            assertEquals(expected, model.summaryString());
            assertEquals(109_386, model.paramCount());
        }
    }

    @Test
    void batchNormStatisticsCountAsNonTrainable() {
        try (Sequential model = Sequential.of(Layers.input(20), Layers.dense(8), Layers.batchNorm(), Layers.dense(3, "softmax"))) {
            String s = model.summaryString();
            assertTrue(s.contains("│ batch_normalization             │ (None, 8)              │            32 │"), s);
            assertTrue(s.contains("│ (BatchNormalization)            │                        │               │"), s);
            assertTrue(s.contains("Total params: 227 "), s);
            assertTrue(s.contains("Trainable params: 211 "), s);
            assertTrue(s.contains("Non-trainable params: 16 "), s);
        }
    }

    @Test
    void defaultNamesFollowKerasAndSkipTakenNames() {
        assertEquals("dense", Sequential.snakeCase("Dense"));
        assertEquals("max_pooling2d", Sequential.snakeCase("MaxPooling2D"));
        assertEquals("batch_normalization", Sequential.snakeCase("BatchNormalization"));
        assertEquals("simple_rnn", Sequential.snakeCase("SimpleRNN"));
        assertEquals("lstm", Sequential.snakeCase("LSTM"));
        try (Sequential model = Sequential.of(Layers.input(4), Layers.dense(3).named("dense_1"), Layers.dense(2), Layers.dense(2))) {
            model.summaryString();
            List<String> names = model.layers().stream().map(Layer::name).toList();
            assertEquals(List.of("input_layer", "dense_1", "dense", "dense_2"), names);
        }
    }

    @Test
    void modelWithoutInputShapeSaysHowToGiveOne() {
        try (Sequential model = Sequential.of(Layers.dense(3))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, model::summaryString);
            assertTrue(e.getMessage().contains("input"), e.getMessage());
        }
    }
}
