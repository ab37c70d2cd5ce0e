package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.ProbabilityCrossEntropyOp;
import dev.mako.ops.SoftmaxCrossEntropyOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code CategoricalCrossentropy} with one-hot (or distribution) targets [batch, classes]:
 * the batch mean of −Σ t · log p. From probabilities each row is normalised and clipped as in
 * Keras; from logits the softmax is fused into the loss (log-sum-exp stable).
 */
public final class CategoricalCrossentropy implements Loss {
    private final boolean fromLogits;

    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        return fromLogits ? SoftmaxCrossEntropyOp.apply(tape, predictions, targets) : ProbabilityCrossEntropyOp.apply(tape, predictions, targets);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", "sum_over_batch_size");
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", 0.0);
        c.put("axis", -1);
        return c;
    }
}
