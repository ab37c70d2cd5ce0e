package dev.mako.layers;

import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;

/**
 * What a layer needs to create its parameters: the store that will own them and a seeded random
 * source. Each layer gets its own stream split from the model seed, so adding a layer at the end
 * does not change the initial weights of the layers before it.
 */
public final class BuildContext {
    private final TensorStore store;
    private final long seed;

    public BuildContext(TensorStore store, long seed) {
        this.store = store;
        this.seed = seed;
    }

    public TensorStore store() {
        return store;
    }

    /** The random stream of the layer at position {@code index} in its model. */
    public SplittableRandom randomFor(int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
    }

    public long seed() {
        return seed;
    }
}
