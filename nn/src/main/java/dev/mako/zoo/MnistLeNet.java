package dev.mako.zoo;

import dev.mako.kernels.Activation;
import dev.mako.kernels.Padding;
import dev.mako.layers.Layers;
import dev.mako.model.Sequential;
import dev.mako.tensor.Tensor;

/**
 * LeNet-5 as in {@code bench/python/torch_mnist.py}: Conv2D 6 5×5 'same' relu → AvgPool 2 → Conv2D 16
 * 5×5 relu → AvgPool 2 → Flatten (400) → Dense 120 relu → Dense 84 relu → Dense 10 softmax
 * (61,706 parameters); Adam, batch 128.
 */
public final class MnistLeNet implements Recipe {
    @Override
    public String name() {
        return "mnist-lenet";
    }

    @Override
    public String description() {
        return "LeNet-5 Conv 6 5x5 same → AvgPool 2 → Conv 16 5x5 → AvgPool 2 → Dense 120 → 84 → 10, Adam, batch 128";
    }

    @Override
    public Sequential model(long seed) {
        return Sequential.of(
                        Layers.input(28, 28, 1),
                        Layers.conv2d(6, 5, Activation.RELU).padding(Padding.SAME),
                        Layers.avgPool2d(2),
                        Layers.conv2d(16, 5, Activation.RELU),
                        Layers.avgPool2d(2),
                        Layers.flatten(),
                        Layers.dense(120, Activation.RELU),
                        Layers.dense(84, Activation.RELU),
                        Layers.dense(10, "softmax"))
                .seed(seed);
    }

    @Override
    public int defaultBatchSize() {
        return 128;
    }

    @Override
    public int defaultEpochs() {
        return 3;
    }

    @Override
    public Tensor shapeInputs(Tensor images) {
        return MnistCnn.channelsLast(images);
    }
}
