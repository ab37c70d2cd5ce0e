package dev.mako.kernels;

/**
 * Elementwise activation functions. Every derivative is computed from the output {@code y}
 * alone, so a layer keeps only its output for the backward pass. (Softmax is not elementwise:
 * see {@link Softmax}.)
 */
public enum Activation {
    IDENTITY, STEP, SIGMOID, TANH, RELU, LEAKY_RELU;

    /** Keras' name for it ("linear" for identity). */
    public String kerasName() {
        return switch (this) {
            case IDENTITY -> "linear";
            case STEP -> "step";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case RELU -> "relu";
            case LEAKY_RELU -> "leaky_relu";
        };
    }

    public static Activation fromName(String name) {
        for (Activation a : values()) {
            if (a.kerasName().equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) return a;
        }
        if ("identity".equalsIgnoreCase(name)) return IDENTITY;
        throw new IllegalArgumentException("unknown activation '" + name + "'");
    }
}
