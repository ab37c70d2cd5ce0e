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

    @Test
    void heapAllocationPerStepIsSmallAndIndependentOfTheBatch() throws InterruptedException {
        double small = bytesPerStep(8), large = bytesPerStep(64);
        assertTrue(small <= BUDGET_BYTES_PER_STEP, "batch 8: " + small + " bytes per step");
        assertEquals(small, large, BATCH_SLACK_BYTES, "bytes per step grew with the batch: " + small + " vs " + large);
    }

    /**
     * The least allocation per step over several rounds: until the JIT has compiled the Vector API
     * kernels (in the background, on a busy machine) they box their vectors, which is not what
     * this test is about.
     */
    private static double bytesPerStep(int batch) throws InterruptedException {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            List<Layer> model = List.of(Layers.flatten(), Layers.dense(16, Activation.RELU), Layers.dropout(0.2f, 1),
                    Layers.batchNorm(), Layers.dense(10, "softmax"));
            int[] shape = {4, 5};
            BuildContext ctx = new BuildContext(store, 3);
            for (int i = 0; i < model.size(); i++) {
                model.get(i).named("layer_" + i).build(shape, ctx, i);
                shape = model.get(i).outputShape();
            }
            Tensor x = store.zeros(batch, 4, 5).fill(0.3f), labels = store.zeros(batch), shift = store.zeros(10).fill(0.01f);
            Loss loss = Losses.sparseCategoricalCrossentropy();
            double least = Double.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 1000; i++) step(tape, model, x, labels, shift, loss);
                Thread.sleep(100);
                long before = mx.getThreadAllocatedBytes(thread);
                int steps = 200;
                for (int i = 0; i < steps; i++) step(tape, model, x, labels, shift, loss);
                least = Math.min(least, (mx.getThreadAllocatedBytes(thread) - before) / (double) steps);
            }
            return least;
        }
    }

    private static void step(Tape tape, List<Layer> model, Tensor x, Tensor labels, Tensor shift, Loss loss) {
        tape.reset();
        Tensor y = x;
        for (int i = 0; i < model.size(); i++) y = model.get(i).forward(tape, y, true);
        Tensor total = AddOp.apply(tape, loss.compute(tape, y, labels), MeanOp.apply(tape, MulOp.apply(tape, y, AddOp.apply(tape, y, shift))));
        tape.backward(total);
        for (int i = 0; i < model.size(); i++) {
            List<Parameter> ps = model.get(i).parameters();
            for (int p = 0; p < ps.size(); p++) ps.get(p).zeroGrad();
        }
    }
}
