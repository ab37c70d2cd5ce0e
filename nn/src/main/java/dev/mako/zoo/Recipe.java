package dev.mako.zoo;

import dev.mako.model.Sequential;
import dev.mako.optim.Optimizer;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;

/**
 * A named training recipe: the model, its default optimizer, batch size and epochs, and how the
 * raw MNIST-style images [n, 28, 28] are shaped for it. Used by {@code ./mako train} and the
 * benchmarks, so both run exactly the same model.
 */
public interface Recipe {
    /** CLI name, e.g. "mnist-mlp". */
    String name();

    /** One line for help output. */
    String description();

    /** A fresh, unbuilt model with this seed. */
    Sequential model(long seed);

    /** The optimizer of the recipe for this optimizer name (e.g. "adam") and learning rate (NaN = the optimizer's default, Keras'). */
    default Optimizer optimizer(String name, double learningRate) {
        return Double.isNaN(learningRate) ? Optimizers.byName(name) : Optimizers.byName(name, learningRate);
    }

    int defaultBatchSize();

    int defaultEpochs();

    /** The images as the model takes them (a view; e.g. [n, 28, 28] → [n, 28, 28, 1] for a CNN). */
    default Tensor shapeInputs(Tensor images) {
        return images;
    }
}
