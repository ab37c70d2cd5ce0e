package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.kernels.Padding;
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
 * A warm training step of a small CNN (direct and im2col + GEMM convolutions, channel batch norm,
 * max and average pooling, dropout, dense softmax) allocates nothing per image or per pixel on the
 * Java heap: the same bytes for 2 images of 8×8 as for 5 images of 12×12, within a small budget.
 *
 * <p>Measured by {@link InterpretedAllocation}, with one thread ({@code -Dmako.threads=1}) so that
 * the work the pool would share out runs on the measured thread and is counted too.
 */
class ConvTrainingAllocationTest {
    private static final double BUDGET_BYTES_PER_STEP = 4096;

    @Test
    void trainingStepAllocationDoesNotGrowWithBatchOrImageSize() throws IOException, InterruptedException {
        Map<String, Double> bytes = InterpretedAllocation.measure(Measure.class, List.of("-Dmako.threads=1"), "2x8", "5x12");
        double small = bytes.get("2x8"), large = bytes.get("5x12");
        System.out.println("bytes per warm training step: 2 images of 8x8 " + small + ", 5 images of 12x12 " + large);
        assertTrue(small <= BUDGET_BYTES_PER_STEP, "2x8: " + small + " bytes per training step");
        assertEquals(small, large, 0, "bytes per training step grew with the batch or image size");
    }

    /** Child-JVM entry point: prints "BxS bytes-per-training-step" for batches of B images of S×S. */
    public static final class Measure {
        public static void main(String[] args) {
            for (String arg : args) {
                int batch = Integer.parseInt(arg.substring(0, arg.indexOf('x'))), size = Integer.parseInt(arg.substring(arg.indexOf('x') + 1));
                try (TensorStore store = new TensorStore();
                     Sequential model = Sequential.of(Layers.input(size, size, 1),
                             Layers.conv2d(18, 3, "relu").padding(Padding.SAME),
                             Layers.conv2d(4, 3, "relu"),
                             Layers.batchNorm(),
                             Layers.maxPool2d(2),
                             Layers.avgPool2d(2).padding(Padding.SAME),
                             Layers.dropout(0.25f),
                             Layers.flatten(),
                             Layers.dense(3, "softmax")).seed(1)) {
                    model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
                    Tensor x = store.zeros(batch, size, size, 1), y = store.zeros(batch);
                    for (long i = 0; i < x.size(); i++) x.setFlat(i, (i * 7 % 11) / 11f);
                    System.out.println(arg + " " + InterpretedAllocation.bytesPerCall(3, 4, () -> model.trainOnBatch(x, y)));
                }
            }
        }
    }
}
