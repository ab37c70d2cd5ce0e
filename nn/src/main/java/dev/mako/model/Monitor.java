package dev.mako.model;

import java.util.Map;

/** Which logged quantity a callback watches and whether lower or higher is better (Keras' mode "auto"). */
record Monitor(String key, boolean higherIsBetter) {
    static Monitor of(String key) {
        boolean higher = key.endsWith("accuracy") || key.endsWith("acc") || key.endsWith("auc");
        return new Monitor(key, higher);
    }

    double read(Map<String, Double> logs) {
        Double v = logs.get(key);
        if (v == null) throw new IllegalArgumentException("monitored quantity '" + key + "' is not logged; available: " + logs.keySet());
        return v;
    }

    /** True when {@code value} beats {@code best} by more than {@code minDelta}. */
    boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(best)) return !Double.isNaN(value);
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
}
