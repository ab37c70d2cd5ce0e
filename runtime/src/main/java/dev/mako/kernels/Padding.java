package dev.mako.kernels;

import java.util.Locale;

/** How a sliding window meets the image border, with Keras' (TensorFlow's) names and arithmetic. */
public enum Padding {
    /** No padding: only windows that fit inside the image; out = ⌊(in − k_eff) / s⌋ + 1. */
    VALID,
    /**
     * out = ⌈in / s⌉, padded with (out − 1)·s + k_eff − in cells split as TensorFlow does: the
     * smaller half before, the larger after (bottom / right) when the total is odd.
     */
    SAME;

    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "valid" or "same" (any case). */
    public static Padding fromName(String name) {
        for (Padding p : values()) if (p.name().equalsIgnoreCase(name)) return p;
        throw new IllegalArgumentException("padding must be 'valid' or 'same', got '" + name + "'");
    }
}
