package dev.mako.zoo;

import dev.mako.layers.Layers;
import dev.mako.model.Sequential;

/** Row-by-row MNIST: each image is 28 steps of 28 pixels; SimpleRNN 128 (tanh) → Dense 10 softmax; Adam, batch 128. */
public final class MnistRnn implements Recipe {
    @Override
    public String name() {
        return "mnist-rnn";
    }

    @Override
    public String description() {
        return "SimpleRNN 128 over the 28 rows of 28 pixels → Dense 10 softmax, Adam, batch 128";
    }

    @Override
    public Sequential model(long seed) {
        return Sequential.of(Layers.input(28, 28), Layers.simpleRnn(128), Layers.dense(10, "softmax")).seed(seed);
    }

    @Override
    public int defaultBatchSize() {
        return 128;
    }

    @Override
    public int defaultEpochs() {
        return 3;
    }
}
