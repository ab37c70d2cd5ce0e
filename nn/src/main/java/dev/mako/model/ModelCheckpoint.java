package dev.mako.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model after an epoch: every epoch, or (with {@code saveBestOnly}) only when the
 * monitored quantity (default "val_loss") improved. Each save is atomic (temp file + rename), so
 * the file always holds a complete model.
 */
public final class ModelCheckpoint implements Callback {
    private final Path file;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private double best = Double.NaN;
    private int saves;
    private int lastSavedEpoch = -1;

    public ModelCheckpoint(Path file, String monitor, boolean saveBestOnly) {
        this.file = file;
        this.monitor = Monitor.of(monitor);
        this.saveBestOnly = saveBestOnly;
    }

    /** Keras' defaults: monitor "val_loss", save every epoch. */
    public ModelCheckpoint(Path file) {
        this(file, "val_loss", false);
    }

    @Override
    public void onTrainBegin(Sequential model) {
        best = Double.NaN;
    }

    @Override
    public void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            double value = monitor.read(logs);
            if (!monitor.improves(value, best, 0)) return;
            best = value;
        }
        try {
            model.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + file, e);
        }
        saves++;
        lastSavedEpoch = epoch;
    }

    /** How many times the model was written. */
    public int saves() {
        return saves;
    }

    /** Zero-based epoch of the last save, or -1. */
    public int lastSavedEpoch() {
        return lastSavedEpoch;
    }
}
