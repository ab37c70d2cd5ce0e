package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A warm training step of stacked recurrent layers allocates nothing per time step on the Java
 * heap: its allocation is the same for 8 and for 40 steps, and within a small budget (what is
 * left belongs to the model's per-step bookkeeping, not to the recurrence).
 *
 * <p>Measured in a child JVM, interpreted ({@code -Xint}) with scalar kernels
 * ({@code -Dmako.simd=false}), so that every allocation is counted and none is hidden, or not yet
 * hidden, by the JIT: the figure is deterministic and bounds what compiled code allocates. (That
 * the compiled vector kernels box nothing is checked in the runtime's kernel benchmarks.)
 */
class RecurrentTrainingAllocationTest {
    private static final double BUDGET_BYTES_PER_STEP = 4096;

    @Test
    void trainingStepAllocationDoesNotGrowWithSequenceLength() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xint", "-Dmako.simd=false", "-cp", System.getProperty("java.class.path"), Measure.class.getName(), "8", "40")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "measurement did not finish");
        assertEquals(0, p.exitValue(), out);
        double shortSeq = Double.NaN, longSeq = Double.NaN;
        for (String line : out.split("\n")) {
            if (line.startsWith("steps 8 ")) shortSeq = Double.parseDouble(line.substring(8).trim());
            if (line.startsWith("steps 40 ")) longSeq = Double.parseDouble(line.substring(9).trim());
        }
        System.out.println("bytes per warm training step: 8 time steps " + shortSeq + ", 40 time steps " + longSeq);
        assertTrue(shortSeq <= BUDGET_BYTES_PER_STEP, "8 time steps: " + shortSeq + " bytes per training step\n" + out);
        assertEquals(shortSeq, longSeq, 0, "bytes per training step grew with the sequence length\n" + out);
    }

    /** Child-JVM entry point: prints "steps T bytes-per-training-step" for each sequence length given. */
    public static final class Measure {
        public static void main(String[] args) {
            ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            for (String arg : args) {
                int steps = Integer.parseInt(arg);
                try (TensorStore store = new TensorStore();
                     Sequential model = Sequential.of(Layers.input(steps, 3), new LSTM(4, true), new GRU(4, true), new SimpleRNN(4),
                             Layers.dense(3, "softmax")).seed(1)) {
                    model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
                    Tensor x = store.zeros(2, steps, 3).fill(0.3f), y = store.zeros(2);
                    for (int i = 0; i < 3; i++) model.trainOnBatch(x, y);
                    int n = 5;
                    long before = mx.getThreadAllocatedBytes(thread);
                    for (int i = 0; i < n; i++) model.trainOnBatch(x, y);
                    System.out.println("steps " + arg + " " + (mx.getThreadAllocatedBytes(thread) - before) / (double) n);
                }
            }
        }
    }
}
