package dev.mako.optim;

import dev.mako.io.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Learning-rate schedules by their Keras names, and their (de)serialisation. */
public final class Schedules {
    private Schedules() {}

    /** {@code initial · rate^(step / decaySteps)} — smooth exponential decay. */
    public static ExponentialDecay exponentialDecay(double initial, long decaySteps, double decayRate) {
        return new ExponentialDecay(initial, decaySteps, decayRate, false);
    }

    /** Step decay: multiply the rate by {@code factor} every {@code every} updates (a staircase ExponentialDecay). */
    public static ExponentialDecay stepDecay(double initial, long every, double factor) {
        return new ExponentialDecay(initial, every, factor, true);
    }

    /** {@code values[i]} up to and including {@code boundaries[i]}; the last value afterwards. */
    public static PiecewiseConstantDecay piecewiseConstant(long[] boundaries, double[] values) {
        return new PiecewiseConstantDecay(boundaries, values);
    }

    /** Cosine decay from {@code initial} to {@code alpha · initial} over {@code decaySteps} updates. */
    public static CosineDecay cosineDecay(double initial, long decaySteps, double alpha) {
        return new CosineDecay(initial, decaySteps, alpha);
    }

    /** Linear warm-up from {@code initial} to {@code warmupTarget} over {@code warmupSteps}, then cosine decay. */
    public static CosineDecay cosineDecay(double initial, long decaySteps, double alpha, double warmupTarget, long warmupSteps) {
        return new CosineDecay(initial, decaySteps, alpha, warmupTarget, warmupSteps);
    }

    /** Keras' serialised form: {@code {module, class_name, config}}. */
    public static Map<String, Object> serialize(LearningRateSchedule schedule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers.schedules");
        m.put("class_name", schedule.className());
        m.put("config", schedule.config());
        return m;
    }

    /** The inverse of {@link #serialize}. */
    public static LearningRateSchedule deserialize(Map<String, ?> serialized) {
        Object cls = serialized.get("class_name");
        if (!(serialized.get("config") instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException("learning-rate schedule " + cls + " has no config map: " + serialized);
        }
        Configs cfg = new Configs("schedule " + cls, c);
        return switch (String.valueOf(cls)) {
            case "ExponentialDecay" -> new ExponentialDecay(cfg.number("initial_learning_rate"), cfg.integer("decay_steps"),
                    cfg.number("decay_rate"), cfg.bool("staircase", false));
            case "CosineDecay" -> {
                Object target = c.get("warmup_target");
                long warmupSteps = cfg.integer("warmup_steps", 0);
                yield target == null || warmupSteps == 0
                        ? new CosineDecay(cfg.number("initial_learning_rate"), cfg.integer("decay_steps"), cfg.number("alpha", 0))
                        : new CosineDecay(cfg.number("initial_learning_rate"), cfg.integer("decay_steps"), cfg.number("alpha", 0),
                                cfg.number("warmup_target"), warmupSteps);
            }
            case "PiecewiseConstantDecay" -> {
                List<?> b = cfg.list("boundaries"), v = cfg.list("values");
                long[] boundaries = new long[b.size()];
                for (int i = 0; i < boundaries.length; i++) boundaries[i] = ((Number) b.get(i)).longValue();
                double[] values = new double[v.size()];
                for (int i = 0; i < values.length; i++) values[i] = ((Number) v.get(i)).doubleValue();
                yield new PiecewiseConstantDecay(boundaries, values);
            }
            default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + cls
                    + "' (known: ExponentialDecay, CosineDecay, PiecewiseConstantDecay)");
        };
    }

    static void checkRate(String what, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + rate);
        }
    }
}
