package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warm training step of stacked recurrent layers allocates nothing per time step on the Java
 * heap: its allocation is the same for 8 and for 40 steps, and within a small budget (what is
 * left belongs to the model's per-step bookkeeping, not to the recurrence).
 *
 * <p>Measured by {@link InterpretedAllocation}: deterministic, and a bound on what compiled code
 * allocates. (That the compiled vector kernels box nothing is checked in the runtime's kernel
 * benchmarks.)
 */
class RecurrentTrainingAllocationTest {
    private static final double BUDGET_BYTES_PER_STEP = 4096;

    @Test
    void trainingStepAllocationDoesNotGrowWithSequenceLength() throws IOException, InterruptedException {
        Map<String, Double> bytes = InterpretedAllocation.measure(Measure.class, List.of(), "8", "40");
        double shortSeq = bytes.get("8"), longSeq = bytes.get("40");
        System.out.println("bytes per warm training step: 8 time steps " + shortSeq + ", 40 time steps " + longSeq);
        assertTrue(shortSeq <= BUDGET_BYTES_PER_STEP, "8 time steps: " + shortSeq + " bytes per training step");
        assertEquals(shortSeq, longSeq, 0, "bytes per training step grew with the sequence length");
    }

    /** Child-JVM entry point: prints "T bytes-per-training-step" for each sequence length given. */
    public static final class Measure {
        public static void main(String[] args) {
            for (String arg : args) {
                int steps = Integer.parseInt(arg);
                try (TensorStore store = new TensorStore();
                     Sequential model = Sequential.of(Layers.input(steps, 3), new LSTM(4, true), new GRU(4, true), new SimpleRNN(4),
                             Layers.dense(3, "softmax")).seed(1)) {
                    model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
                    Tensor x = store.zeros(2, steps, 3).fill(0.3f), y = store.zeros(2);
                    System.out.println(arg + " " + InterpretedAllocation.bytesPerCall(3, 5, () -> model.trainOnBatch(x, y)));
                }
            }
        }
    }
}
