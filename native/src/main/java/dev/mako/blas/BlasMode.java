package dev.mako.blas;

import java.util.Locale;

/** Which GEMM backend the user asked for: {@code MAKO_BLAS} (environment) or {@code -Dmako.blas}. */
public enum BlasMode {
    /** Measure and pick per shape (the default). */
    AUTO,
    /** The Java kernels for everything; no native library is looked for or loaded. */
    JAVA,
    /** OpenBLAS for every shape; failing to load it is an error. */
    OPENBLAS;

    /** Parses {@code auto}, {@code java} or {@code openblas} (any case); null or blank means {@link #AUTO}. */
    public static BlasMode parse(String value) {
        if (value == null || value.isBlank()) return AUTO;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "java" -> JAVA;
            case "openblas" -> OPENBLAS;
            default -> throw new IllegalArgumentException(
                    "MAKO_BLAS / mako.blas must be auto, java or openblas, got '" + value + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
