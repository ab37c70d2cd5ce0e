package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.SplittableRandom;

/** The initializers, seeded through the random stream a layer is given. */
public final class Initializers {
    private Initializers() {}

    public static Initializer zeros() {
        return constant(0f, "zeros");
    }

    public static Initializer constant(float value) {
        return constant(value, "constant");
    }

    private static Initializer constant(float value, String name) {
        return new Initializer() {
            @Override
            public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
                t.fill(value);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Glorot/Xavier uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)) — Keras' Dense default. */
    public static Initializer glorotUniform() {
        return new Initializer() {
            @Override
            public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (long i = 0; i < t.size(); i++) t.setFlat(i, (float) random.nextDouble(-limit, limit));
            }

            @Override
            public String name() {
                return "glorot_uniform";
            }
        };
    }
}
