package dev.mako.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code ExponentialDecay}: {@code lr(step) = initial · rate^(step / decaySteps)}, with
 * {@code step / decaySteps} floored when {@code staircase} — which makes it the classic step
 * decay (multiply by {@code rate} every {@code decaySteps} updates).
 */
public record ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
        implements LearningRateSchedule {

    public ExponentialDecay {
        Schedules.checkRate("initial_learning_rate", initialLearningRate);
        if (decaySteps <= 0) throw new IllegalArgumentException("decay_steps must be > 0, got " + decaySteps);
        if (!(decayRate > 0) || Double.isInfinite(decayRate)) {
            throw new IllegalArgumentException("decay_rate must be a positive number, got " + decayRate);
        }
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate * Math.pow(decayRate, p);
    }

    @Override
    public String className() {
        return "ExponentialDecay";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", className());
        return c;
    }
}
