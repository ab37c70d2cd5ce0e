package dev.mako.zoo;

import dev.mako.kernels.Activation;
import dev.mako.layers.Layers;
import dev.mako.model.Sequential;

/** The course's Keras MLP: Flatten → Dense 128 relu → Dense 64 relu → Dense 10 softmax; Adam, batch 32, 5 epochs. */
public final class MnistMlp implements Recipe {
    @Override
    public String name() {
        return "mnist-mlp";
    }

    @Override
    public String description() {
        return "MLP 784-128-64-10 (relu, softmax), Adam, batch 32";
    }

    @Override
    public Sequential model(long seed) {
        return Sequential.of(
                        Layers.input(28, 28),
                        Layers.flatten(),
                        Layers.dense(128, Activation.RELU),
                        Layers.dense(64, Activation.RELU),
                        Layers.dense(10, "softmax"))
                .seed(seed);
    }

    @Override
    public int defaultBatchSize() {
        return 32;
    }

    @Override
    public int defaultEpochs() {
        return 5;
    }
}
