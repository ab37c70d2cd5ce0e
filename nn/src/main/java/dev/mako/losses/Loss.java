package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.tensor.Tensor;
import java.util.Map;

/**
 * A loss function: the mean over the batch of a per-sample loss, returned as a scalar (rank-0)
 * tensor recorded on the tape so that {@code tape.backward(loss)} trains through it.
 * Bad targets (shape mismatch, class index out of range) throw before anything is computed.
 */
public interface Loss {
    Tensor compute(Tape tape, Tensor predictions, Tensor targets);

    /** Keras' name, e.g. "sparse_categorical_crossentropy". */
    String name();

    /** Configuration for the saved model (JSON). */
    default Map<String, Object> config() {
        return Map.of("name", name());
    }
}
