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
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A warm training step makes no per-element or per-row garbage: its heap allocation does not
 * depend on the batch size and stays within a small budget (what remains is the workspace's own
 * bookkeeping per tensor, not the ops).
 */
class TrainingStepAllocationTest {
    private static final long BUDGET_BYTES_PER_STEP = 4096;
    /** A few boxed vectors at most: per-row or per-element garbage at batch 64 would be far more. */
    private static final long BATCH_SLACK_BYTES = 256;

    private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void heapAllocationPerStepIsSmallAndIndependentOfTheBatch() throws InterruptedException {
        try (Setup small = new Setup(8); Setup large = new Setup(64)) {
            // Until the JIT has compiled the Vector API kernels (in the background, on a busy
            // machine) they box their vectors; that is not what this test is about, so both
            // set-ups warm up together and the least allocation over several rounds counts.
            double leastSmall = Double.MAX_VALUE, leastLarge = Double.MAX_VALUE;
            for (int round = 0; round < 12; round++) {
                small.steps(500);
                large.steps(500);
                Thread.sleep(50);
                leastSmall = Math.min(leastSmall, small.bytesPerStep(200));
                leastLarge = Math.min(leastLarge, large.bytesPerStep(200));
            }
            System.out.println("bytes per warm step: batch 8 " + leastSmall + ", batch 64 " + leastLarge);
            assertTrue(leastSmall <= BUDGET_BYTES_PER_STEP, "batch 8: " + leastSmall + " bytes per step");
            assertEquals(leastSmall, leastLarge, BATCH_SLACK_BYTES, "bytes per step grew with the batch: " + leastSmall + " vs " + leastLarge);
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

        double bytesPerStep(int steps) {
            long thread = Thread.currentThread().threadId();
            long before = MX.getThreadAllocatedBytes(thread);
            steps(steps);
            return (MX.getThreadAllocatedBytes(thread) - before) / (double) steps;
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
