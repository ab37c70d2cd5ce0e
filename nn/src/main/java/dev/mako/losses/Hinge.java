package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.MarginLossOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code Hinge}: the mean over all elements of max(0, 1 − y·ŷ) with y in {−1, 1}; targets
 * that are all 0 or 1 are mapped to −1 and 1 first, as Keras does.
 */
public final class Hinge implements Loss {
    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        Tensor y = LossTargets.signed(tape, LossTargets.alignedTo(name(), tape, predictions, targets));
        return MarginLossOp.apply(tape, predictions, y, 1f);
    }

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", "sum_over_batch_size");
        return c;
    }
}
