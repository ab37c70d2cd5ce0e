package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras' {@code Zeros}, {@code Ones} and {@code Constant(value)}: every element the same value. */
record ConstantInitializer(float value, String name) implements Initializer {
    @Override
    public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
        RandomFill.constant(t, value);
    }

    @Override
    public Map<String, Object> config() {
        return name.equals("constant") ? Map.of("value", (double) value) : Map.of();
    }
}
