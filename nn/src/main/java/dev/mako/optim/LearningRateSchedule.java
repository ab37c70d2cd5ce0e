package dev.mako.optim;

import java.util.Map;

/**
 * A learning rate as a function of the optimizer's iteration count (Keras' {@code iterations}:
 * 0 for the first update). Implementations are immutable and allocate nothing in {@link #at}.
 */
public interface LearningRateSchedule {
    /** The learning rate of the update made when {@code step} updates have already been applied. */
    double at(long step);

    /** Keras' class name, e.g. "ExponentialDecay". */
    String className();

    /** Keras' config keys, e.g. initial_learning_rate, decay_steps. */
    Map<String, Object> config();
}
