package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.ProbabilityCrossEntropyOp;
import dev.mako.ops.SoftmaxCrossEntropyOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code SparseCategoricalCrossentropy}: class-index targets ([batch] or [batch, 1], whole
 * numbers stored as floats) against predictions [batch, classes]; the batch mean of −log p_target.
 * A target that is not a class index throws, naming its row, before anything is computed.
 *
 * <p>From probabilities (the course's MNIST recipe: Dense(10, softmax) then this loss) the value
 * is Keras' normalise-and-clip form, and when the probabilities come straight from a softmax the
 * backward goes to the logits in one pass as (p − onehot) / batch.
 */
public final class SparseCategoricalCrossentropy implements Loss {
    private final boolean fromLogits;

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        return fromLogits ? SoftmaxCrossEntropyOp.applySparse(tape, predictions, targets)
                : ProbabilityCrossEntropyOp.applySparse(tape, predictions, targets);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", "sum_over_batch_size");
        c.put("from_logits", fromLogits);
        c.put("ignore_class", null);
        return c;
    }
}
