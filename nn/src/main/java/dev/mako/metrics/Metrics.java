package dev.mako.metrics;

/**
 * Metric names as {@code compile} takes them. {@link #ACCURACY} is resolved against the loss,
 * as Keras does: sparse labels → sparse categorical accuracy, one-hot → categorical, a single
 * output → binary accuracy at 0.5.
 */
public final class Metrics {
    private Metrics() {}

    public static final String ACCURACY = "accuracy";

    /** The accuracy metric that fits a loss of this Keras name. */
    public static Metric accuracyFor(String lossName) {
        return switch (lossName) {
            case "sparse_categorical_crossentropy" -> new SparseCategoricalAccuracy();
            case "categorical_crossentropy" -> new CategoricalAccuracy();
            case "binary_crossentropy", "hinge", "perceptron" -> new BinaryAccuracy(lossName.equals("binary_crossentropy") ? 0.5f : 0f);
            default -> throw new IllegalArgumentException("no accuracy metric for loss '" + lossName + "'");
        };
    }

    /** Resolves a metric name for a model compiled with the given loss. */
    public static Metric byName(String name, String lossName) {
        return switch (name) {
            case "accuracy", "acc" -> accuracyFor(lossName);
            case "sparse_categorical_accuracy" -> new SparseCategoricalAccuracy();
            case "categorical_accuracy" -> new CategoricalAccuracy();
            case "binary_accuracy" -> new BinaryAccuracy(0.5f);
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'");
        };
    }
}
