package dev.mako.zoo;

import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.model.Sequential;
import dev.mako.tensor.Tensor;

/**
 * Keras' "simple MNIST convnet": Conv2D 32 3×3 relu → MaxPool 2 → Conv2D 64 3×3 relu → MaxPool 2
 * → Flatten → Dropout 0.5 → Dense 10 softmax (34,826 parameters); Adam, batch 128, 3 epochs.
 */
public final class MnistCnn implements Recipe {
    @Override
    public String name() {
        return "mnist-cnn";
    }

    @Override
    public String description() {
        return "convnet Conv 32 3x3 → MaxPool 2 → Conv 64 3x3 → MaxPool 2 → Dropout 0.5 → Dense 10, Adam, batch 128";
    }

    @Override
    public Sequential model(long seed) {
        return Sequential.of(
                        Layers.input(28, 28, 1),
                        Layers.conv2d(32, 3, Activation.RELU),
                        Layers.maxPool2d(2),
                        Layers.conv2d(64, 3, Activation.RELU),
                        Layers.maxPool2d(2),
                        Layers.flatten(),
                        Layers.dropout(0.5f),
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

    /** [n, 28, 28] → [n, 28, 28, 1], a view. */
    @Override
    public Tensor shapeInputs(Tensor images) {
        return channelsLast(images);
    }

    static Tensor channelsLast(Tensor images) {
        if (images.rank() == 4) return images;
        return images.reshape(images.dim(0), images.dim(1), images.dim(2), 1);
    }
}
