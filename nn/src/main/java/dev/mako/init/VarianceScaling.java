package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code VarianceScaling}, the family behind Glorot/Xavier, He/Kaiming and LeCun: values
 * with variance {@code scale / n}, where n is the fan-in, the fan-out or their mean (each at
 * least 1).
 * <ul>
 *   <li>uniform: U(−limit, limit) with {@code limit = sqrt(3·scale / n)};</li>
 *   <li>truncated normal: N(0, σ²) redrawn beyond 2σ, with
 *       {@code σ = sqrt(scale / n) / 0.87962566103423978} — the divisor is the standard deviation
 *       of a unit normal truncated at ±2, so the values' actual variance is {@code scale / n};</li>
 *   <li>untruncated normal: N(0, scale / n).</li>
 * </ul>
 * PyTorch's {@code kaiming_normal_} and {@code xavier_normal_} are untruncated normals; Keras'
 * {@code he_normal} and {@code glorot_normal} (and these) are truncated.
 */
public record VarianceScaling(double scale, Mode mode, Distribution distribution, String name) implements Initializer {

    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    public enum Distribution { TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM }

    /** Standard deviation of a unit normal truncated at ±2. */
    static final double TRUNCATED_STDDEV = 0.87962566103423978;

    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("variance scaling needs scale > 0, got " + scale);
        if (mode == null || distribution == null) throw new IllegalArgumentException("variance scaling needs a mode and a distribution");
    }

    /** A plain {@code variance_scaling} initializer (not one of the named presets). */
    public VarianceScaling(double scale, Mode mode, Distribution distribution) {
        this(scale, mode, distribution, "variance_scaling");
    }

    @Override
    public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
        double n = switch (mode) {
            case FAN_IN -> Math.max(1.0, fanIn);
            case FAN_OUT -> Math.max(1.0, fanOut);
            case FAN_AVG -> Math.max(1.0, (fanIn + fanOut) / 2.0);
        };
        double variance = scale / n;
        switch (distribution) {
            case UNIFORM -> {
                double limit = Math.sqrt(3.0 * variance);
                RandomFill.uniform(t, random, -limit, limit);
            }
            case TRUNCATED_NORMAL -> RandomFill.truncatedNormal(t, random, 0.0, Math.sqrt(variance) / TRUNCATED_STDDEV);
            case UNTRUNCATED_NORMAL -> RandomFill.normal(t, random, 0.0, Math.sqrt(variance));
        }
    }

    /** Keras' config: presets have none; {@code variance_scaling} lists scale, mode and distribution. */
    @Override
    public Map<String, Object> config() {
        if (!name.equals("variance_scaling")) return Map.of();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("mode", mode.name().toLowerCase(Locale.ROOT));
        c.put("distribution", distribution.name().toLowerCase(Locale.ROOT));
        return c;
    }
}
