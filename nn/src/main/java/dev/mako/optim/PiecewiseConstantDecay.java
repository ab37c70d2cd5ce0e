package dev.mako.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code PiecewiseConstantDecay}: {@code values[0]} while {@code step ≤ boundaries[0]},
 * {@code values[i]} while {@code boundaries[i−1] < step ≤ boundaries[i]}, and the last value
 * after the last boundary. Boundaries are inclusive upper ends, as in Keras.
 */
public record PiecewiseConstantDecay(long[] boundaries, double[] values) implements LearningRateSchedule {

    public PiecewiseConstantDecay {
        if (boundaries.length + 1 != values.length) {
            throw new IllegalArgumentException("piecewise constant decay needs one more value than boundaries, got "
                    + boundaries.length + " boundaries and " + values.length + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("boundaries must be strictly increasing, got " + boundaries[i - 1] + " then " + boundaries[i]);
            }
        }
        for (double v : values) Schedules.checkRate("piecewise value", v);
        boundaries = boundaries.clone();
        values = values.clone();
    }

    @Override
    public long[] boundaries() {
        return boundaries.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double at(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) i++;
        return values[i];
    }

    @Override
    public String className() {
        return "PiecewiseConstantDecay";
    }

    @Override
    public Map<String, Object> config() {
        List<Long> b = new ArrayList<>();
        for (long x : boundaries) b.add(x);
        List<Double> v = new ArrayList<>();
        for (double x : values) v.add(x);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", b);
        c.put("values", v);
        c.put("name", "PiecewiseConstant");
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseConstantDecay p && Arrays.equals(boundaries, p.boundaries)
                && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay" + Arrays.toString(boundaries) + " -> " + Arrays.toString(values);
    }
}
