package dev.mako.bench.jmh;

import dev.mako.kernels.Activation;
import dev.mako.kernels.DirectConv;
import dev.mako.kernels.Im2col;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * JMH: the image layers of Keras' simple MNIST convnet at batch 128 — conv1 (28×28×1 → 26×26×32,
 * 3×3) and conv2 (13×13×32 → 11×11×64), pool1 (26×26×32 → 13×13×32) and pool2 (11×11×64 →
 * 5×5×64) — and LeNet's convolutions, lenet1 (32×32×1 padded → 28×28×6, 5×5) and lenet2
 * (14×14×6 → 10×10×16, 5×5); one call over the whole batch per operation.
 *
 * <ul>
 *   <li>{@code im2col}, {@code col2im}, {@code directForward} (bias and relu included) and
 *       {@code directWeightGradient}: the kernels alone, on the calling thread
 *       ({@link ConvKernels}, parameter {@code conv}).</li>
 *   <li>{@code conv2dForward} / {@code conv2dBackward}: the Conv2D layer's op, its batch and GEMMs
 *       split over Mako's pool, per {@code algorithm} ({@link ConvLayerStep}); the backward pass
 *       includes dz = dy ⊙ relu'(y), the bias and kernel gradients, and for conv2 the input
 *       gradient.</li>
 *   <li>{@code maxPoolForward} / {@code maxPoolBackward}: the MaxPooling2D layer, split over the
 *       pool ({@link MaxPoolStep}, parameter {@code pool}).</li>
 * </ul>
 * Multiply-adds per image: conv1 676·9·32 = 195k, conv2 121·288·64 = 2.23M, lenet1 784·25·6 = 118k,
 * lenet2 100·150·16 = 240k (GFLOP/s = 2·128·that / time).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvJmh extends KernelBenchmark {
    @Benchmark
    public MemorySegment im2col(ConvKernels s) {
        Im2col.im2col(s.g, s.x, 0, s.col, 0, 0, ConvnetLayer.BATCH);
        return s.col;
    }

    /** dx += col2im(col): dx drifts over the run, which costs nothing in time. */
    @Benchmark
    public MemorySegment col2im(ConvKernels s) {
        Im2col.col2im(s.g, s.col, 0, s.dx, 0, 0, ConvnetLayer.BATCH);
        return s.dx;
    }

    @Benchmark
    public MemorySegment directForward(ConvKernels s) {
        DirectConv.forward(s.g, s.filters, s.x, 0, s.w, 0, s.bias, 0, Activation.RELU, 0f, s.y, 0, 0, ConvnetLayer.BATCH);
        return s.y;
    }

    /** dw += the batch's kernel gradient. */
    @Benchmark
    public MemorySegment directWeightGradient(ConvKernels s) {
        DirectConv.weightGradient(s.g, s.filters, s.x, 0, s.dz, 0, s.dw, 0, 0, ConvnetLayer.BATCH);
        return s.dw;
    }

    @Benchmark
    public Tensor conv2dForward(ConvLayerStep s) {
        return s.forward();
    }

    /** Writes the parameters' gradients in place; returns the input's (conv2, lenet2) or null (conv1, lenet1). */
    @Benchmark
    public Tensor conv2dBackward(ConvLayerStep.Recorded s) {
        return s.backward();
    }

    @Benchmark
    public Tensor maxPoolForward(MaxPoolStep s) {
        return s.forward();
    }

    @Benchmark
    public Tensor maxPoolBackward(MaxPoolStep.Recorded s) {
        return s.backward();
    }
}
