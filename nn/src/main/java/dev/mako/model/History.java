package dev.mako.model;

import dev.mako.autograd.StepProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch results of {@code fit}: for each key ("loss", "accuracy", "val_loss", ...) one value per epoch. */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Double> epochSeconds = new ArrayList<>();
    private StepProfile profile;

    void record(Map<String, Double> logs, double seconds) {
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        epochSeconds.add(seconds);
    }

    /** Values of {@code key} per epoch; empty if never logged. */
    public List<Double> get(String key) {
        return Collections.unmodifiableList(values.getOrDefault(key, List.of()));
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        List<Double> v = values.get(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("no '" + key + "' in history; keys: " + values.keySet());
        return v.get(v.size() - 1);
    }

    public Map<String, List<Double>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Wall-clock seconds of each epoch (training and validation). */
    public List<Double> epochSeconds() {
        return Collections.unmodifiableList(epochSeconds);
    }

    void profile(StepProfile profile) {
        this.profile = profile;
    }

    /**
     * Where the last epoch's steps spent their time, by layer and phase, when fit ran with
     * {@link FitOptions#profile}; null otherwise. (The last epoch, so that JIT compilation in the
     * first one does not count.)
     */
    public StepProfile profile() {
        return profile;
    }

    public int epochs() {
        return epochSeconds.size();
    }
}
