package dev.mako.losses;

/** The losses by Keras name, with Keras' defaults (probabilities unless {@code fromLogits}). */
public final class Losses {
    private Losses() {}

    public static MeanSquaredError meanSquaredError() {
        return new MeanSquaredError();
    }

    /** Same as {@link #meanSquaredError()}. */
    public static MeanSquaredError mse() {
        return new MeanSquaredError();
    }

    public static BinaryCrossentropy binaryCrossentropy() {
        return new BinaryCrossentropy(false);
    }

    public static BinaryCrossentropy binaryCrossentropy(boolean fromLogits) {
        return new BinaryCrossentropy(fromLogits);
    }

    public static CategoricalCrossentropy categoricalCrossentropy() {
        return new CategoricalCrossentropy(false);
    }

    public static CategoricalCrossentropy categoricalCrossentropy(boolean fromLogits) {
        return new CategoricalCrossentropy(fromLogits);
    }

    public static SparseCategoricalCrossentropy sparseCategoricalCrossentropy() {
        return new SparseCategoricalCrossentropy(false);
    }

    public static SparseCategoricalCrossentropy sparseCategoricalCrossentropy(boolean fromLogits) {
        return new SparseCategoricalCrossentropy(fromLogits);
    }

    public static Hinge hinge() {
        return new Hinge();
    }

    public static PerceptronCriterion perceptronCriterion() {
        return new PerceptronCriterion();
    }

    /**
     * By Keras name (or alias: "mse", "bce", "cce", "scce"), for loading a saved model;
     * {@code fromLogits} applies to the cross-entropies.
     */
    public static Loss fromName(String name, boolean fromLogits) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "mean_squared_error", "mse" -> meanSquaredError();
            case "binary_crossentropy", "bce" -> binaryCrossentropy(fromLogits);
            case "categorical_crossentropy", "cce" -> categoricalCrossentropy(fromLogits);
            case "sparse_categorical_crossentropy", "scce" -> sparseCategoricalCrossentropy(fromLogits);
            case "hinge" -> hinge();
            case "perceptron_criterion", "perceptron" -> perceptronCriterion();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'");
        };
    }
}
