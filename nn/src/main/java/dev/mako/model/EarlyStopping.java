package dev.mako.model;

import dev.mako.layers.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Stops training when the monitored quantity (default "val_loss") has not improved by more than
 * {@code minDelta} for {@code patience} epochs; optionally restores the weights of the best epoch.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private float[][] bestWeights;

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
        this.monitor = Monitor.of(monitor);
        this.patience = patience;
        this.minDelta = Math.abs(minDelta);
        this.restoreBestWeights = restoreBestWeights;
    }

    public EarlyStopping(String monitor, int patience) {
        this(monitor, patience, 0, false);
    }

    @Override
    public void onTrainBegin(Sequential model) {
        best = Double.NaN;
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {
        double value = monitor.read(logs);
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = snapshot(model.parameters());
            return;
        }
        wait++;
        if (wait >= patience && epoch > 0) { // Keras: stop after `patience` epochs without improvement
            stoppedEpoch = epoch;
            model.stopTraining();
            if (restoreBestWeights && bestWeights != null) restore(model.parameters(), bestWeights);
        }
    }

    /** Zero-based epoch at which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Zero-based epoch with the best monitored value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }

    private static float[][] snapshot(List<Parameter> params) {
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) w[i] = params.get(i).value().toArray();
        return w;
    }

    private static void restore(List<Parameter> params, float[][] w) {
        for (int i = 0; i < w.length; i++) params.get(i).value().copyFrom(w[i]);
    }
}
