package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code RandomNormal} (N(mean, stddev²), default stddev 0.05) or, when {@code truncated},
 * {@code TruncatedNormal}: draws beyond two standard deviations of the mean are drawn again, so
 * the values' actual spread is about 0.88·stddev.
 */
record RandomNormal(double mean, double stddev, boolean truncated) implements Initializer {
    RandomNormal {
        if (!(stddev > 0) || Double.isInfinite(stddev) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException(name(truncated) + " needs a finite mean and stddev > 0, got mean " + mean + ", stddev " + stddev);
        }
    }

    @Override
    public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
        if (truncated) RandomFill.truncatedNormal(t, random, mean, stddev);
        else RandomFill.normal(t, random, mean, stddev);
    }

    @Override
    public String name() {
        return name(truncated);
    }

    private static String name(boolean truncated) {
        return truncated ? "truncated_normal" : "random_normal";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        return c;
    }
}
