package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.losses.Loss;
import dev.mako.losses.Losses;
import dev.mako.ops.AddOp;
import dev.mako.ops.MeanOp;
import dev.mako.ops.MulOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ops make no per-element or per-row garbage: a warm training step's heap allocation does not
 * depend on the batch size and stays within a small budget (what remains is the workspace's own
 * bookkeeping per tensor).
 *
 * <p>The step runs in a child JVM, interpreted ({@code -Xint}) and with scalar kernels
 * ({@code -Dmako.simd=false}), so every allocation the code makes is counted and none is
 * optimised away by escape analysis at a moment that depends on the JIT: the figure is
 * deterministic, and an upper bound on what compiled code allocates. (Vector API kernels box
 * their vectors until compiled; their own allocation is the kernels' tests' business.)
 */
class TrainingStepAllocationTest {
    private static final long BUDGET_BYTES_PER_STEP = 4096;
    private static final long BATCH_SLACK_BYTES = 0;

    @Test
    void heapAllocationPerStepIsSmallAndIndependentOfTheBatch() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xint", "-Dmako.simd=false", "-cp", System.getProperty("java.class.path"), Measure.class.getName(), "8", "64")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "measurement did not finish");
        assertEquals(0, p.exitValue(), out);
        double small = Double.NaN, large = Double.NaN;
        for (String line : out.split("\n")) {
            if (line.startsWith("batch 8 ")) small = Double.parseDouble(line.substring(8).trim());
            if (line.startsWith("batch 64 ")) large = Double.parseDouble(line.substring(9).trim());
        }
        System.out.println("bytes per warm step: batch 8 " + small + ", batch 64 " + large);
        assertTrue(small <= BUDGET_BYTES_PER_STEP, "batch 8: " + small + " bytes per step\n" + out);
        assertEquals(small, large, BATCH_SLACK_BYTES, "bytes per step grew with the batch\n" + out);
    }

    /** Child-JVM entry point: prints "batch N bytes-per-step" for each batch size given. */
    public static final class Measure {
        public static void main(String[] args) {
            ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            for (String arg : args) {
                try (Setup s = new Setup(Integer.parseInt(arg))) {
                    s.steps(3);
                    int steps = 10;
                    long before = mx.getThreadAllocatedBytes(thread);
                    s.steps(steps);
                    System.out.println("batch " + arg + " " + (mx.getThreadAllocatedBytes(thread) - before) / (double) steps);
                }
            }
        }
    }

    /** An MLP with every kind of layer, a probability loss and a few broadcasting ops, at one batch size. */
    private static final class Setup implements AutoCloseable {
        final TensorStore store = new TensorStore();
        final Tape tape = new Tape();
        final List<Layer> model = List.of(Layers.flatten(), Layers.dense(16, Activation.RELU), Layers.dropout(0.2f, 1),
                Layers.batchNorm(), Layers.dense(10, "softmax"));
        final Tensor x, labels, shift;
        final Loss loss = Losses.sparseCategoricalCrossentropy();

        Setup(int batch) {
            int[] shape = {4, 5};
            BuildContext ctx = new BuildContext(store, 3);
            for (int i = 0; i < model.size(); i++) {
                model.get(i).named("layer_" + i).build(shape, ctx, i);
                shape = model.get(i).outputShape();
            }
            x = store.zeros(batch, 4, 5).fill(0.3f);
            labels = store.zeros(batch);
            shift = store.zeros(10).fill(0.01f);
        }

        void steps(int n) {
            for (int s = 0; s < n; s++) {
                tape.reset();
                Tensor y = x;
                for (int i = 0; i < model.size(); i++) y = model.get(i).forward(tape, y, true);
                Tensor penalty = MeanOp.apply(tape, MulOp.apply(tape, y, AddOp.apply(tape, y, shift)));
                tape.backward(AddOp.apply(tape, loss.compute(tape, y, labels), penalty));
                for (int i = 0; i < model.size(); i++) {
                    List<Parameter> ps = model.get(i).parameters();
                    for (int p = 0; p < ps.size(); p++) ps.get(p).zeroGrad();
                }
            }
        }

        @Override
        public void close() {
            tape.close();
            store.close();
        }
    }
}
