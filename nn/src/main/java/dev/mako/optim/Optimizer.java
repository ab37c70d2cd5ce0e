package dev.mako.optim;

import dev.mako.layers.Parameter;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their accumulated gradients. {@link #build} is called once (by a
 * model's compile) with the parameters and the store that will own the optimizer state; each
 * {@link #step} then updates every trainable parameter without allocating.
 *
 * <p>The built-in optimizers come from {@link Optimizers}; they share {@link BaseOptimizer}.
 */
public interface Optimizer {
    void build(List<Parameter> parameters, TensorStore store);

    /** One update of every trainable parameter. */
    void step();

    /** Updates applied so far (Keras' {@code iterations}). */
    long iterations();

    /** The learning rate the next step will use (after any schedule). */
    float currentLearningRate();

    /** Keras' name, e.g. "adam". */
    String name();

    /** Hyper-parameters for the saved model (JSON), Keras key names. */
    Map<String, Object> config();

    /**
     * The optimizer's state tensors by name, e.g. {@code dense_1.kernel.momentum}, for saving and
     * restoring a training run. Empty for a stateless optimizer or before {@link #build}.
     */
    default Map<String, Tensor> state() {
        return Map.of();
    }

    /** Restores the iteration count (with {@link #state()}) when a saved training run resumes; schedules follow it. */
    default void setIterations(long iterations) {
        throw new UnsupportedOperationException(name() + " cannot restore its iteration count");
    }
}
