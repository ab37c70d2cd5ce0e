package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.BinaryCrossEntropyOp;
import dev.mako.ops.SigmoidCrossEntropyOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code BinaryCrossentropy}, averaged over all elements. From probabilities they are
 * clipped to [1e-7, 1 − 1e-7] as Keras does; from logits the stable form
 * max(z, 0) − z·t + log(1 + e^(−|z|)) is used.
 */
public final class BinaryCrossentropy implements Loss {
    private final boolean fromLogits;

    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        Tensor t = LossTargets.alignedTo(name(), tape, predictions, targets);
        return fromLogits ? SigmoidCrossEntropyOp.apply(tape, predictions, t) : BinaryCrossEntropyOp.apply(tape, predictions, t);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
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
