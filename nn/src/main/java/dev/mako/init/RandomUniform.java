package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras' {@code RandomUniform}: U[minval, maxval), default ±0.05. */
record RandomUniform(double minval, double maxval) implements Initializer {
    RandomUniform {
        if (!(minval < maxval) || Double.isInfinite(minval) || Double.isInfinite(maxval)) {
            throw new IllegalArgumentException("random_uniform needs finite minval < maxval, got [" + minval + ", " + maxval + ")");
        }
    }

    @Override
    public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
        RandomFill.uniform(t, random, minval, maxval);
    }

    @Override
    public String name() {
        return "random_uniform";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("minval", minval);
        c.put("maxval", maxval);
        return c;
    }
}
