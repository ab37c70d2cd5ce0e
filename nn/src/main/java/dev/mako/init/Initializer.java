package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.SplittableRandom;

/** Fills a new parameter. {@code fanIn}/{@code fanOut} follow Keras' definitions for the layer kind. */
public interface Initializer {
    void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random);

    /** Keras' name, e.g. "glorot_uniform". */
    String name();
}
