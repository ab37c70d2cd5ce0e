package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a new parameter. {@code fanIn}/{@code fanOut} follow Keras' definitions for the layer kind
 * (Dense: inputs and units; convolution: receptive field × input / output channels). All
 * randomness comes from {@code random}, so the same seed gives the same weights.
 */
public interface Initializer {
    void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random);

    /** Keras' name, e.g. "glorot_uniform". */
    String name();

    /** Keras' config keys (e.g. mean, stddev); empty for initializers without arguments. */
    default Map<String, Object> config() {
        return Map.of();
    }
}
