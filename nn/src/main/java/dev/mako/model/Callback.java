package dev.mako.model;

import java.util.Map;

/**
 * Hooks into {@code fit}. {@code logs} carries the epoch's metrics ("loss", "accuracy",
 * "val_loss", ...). A callback may stop training with {@link Sequential#stopTraining()}.
 */
public interface Callback {
    default void onTrainBegin(Sequential model) {}

    default void onEpochBegin(Sequential model, int epoch) {}

    default void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(Sequential model) {}
}
