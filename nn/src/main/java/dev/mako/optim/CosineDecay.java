package dev.mako.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code CosineDecay}, with its optional linear warm-up.
 *
 * <p>Without warm-up ({@code warmupSteps == 0}): {@code lr(step) = initial · ((1 − alpha) · c + alpha)}
 * with {@code c = ½ (1 + cos(π · min(step, decaySteps) / decaySteps))}, so the rate falls from
 * {@code initial} to {@code alpha · initial} over {@code decaySteps} updates and stays there.
 *
 * <p>With warm-up: for {@code step < warmupSteps} the rate rises linearly from {@code initial} to
 * {@code warmupTarget}; afterwards the cosine decay above runs from {@code warmupTarget}, with
 * {@code step − warmupSteps} in place of {@code step}.
 */
public record CosineDecay(double initialLearningRate, long decaySteps, double alpha, double warmupTarget, long warmupSteps)
        implements LearningRateSchedule {

    public CosineDecay {
        Schedules.checkRate("initial_learning_rate", initialLearningRate);
        if (decaySteps <= 0) throw new IllegalArgumentException("decay_steps must be > 0, got " + decaySteps);
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        if (warmupSteps < 0) throw new IllegalArgumentException("warmup_steps must be >= 0, got " + warmupSteps);
        if (warmupSteps > 0) Schedules.checkRate("warmup_target", warmupTarget);
    }

    /** Cosine decay from {@code initialLearningRate} with no warm-up. */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, Double.NaN, 0);
    }

    public boolean hasWarmup() {
        return warmupSteps > 0;
    }

    @Override
    public double at(long step) {
        if (!hasWarmup()) return decayed(Math.min(step, decaySteps), initialLearningRate);
        long s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return initialLearningRate + (warmupTarget - initialLearningRate) * ((double) s / warmupSteps);
        }
        return decayed(s - warmupSteps, warmupTarget);
    }

    private double decayed(long step, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * step / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String className() {
        return "CosineDecay";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", className());
        c.put("warmup_target", hasWarmup() ? warmupTarget : null);
        c.put("warmup_steps", warmupSteps);
        return c;
    }
}
