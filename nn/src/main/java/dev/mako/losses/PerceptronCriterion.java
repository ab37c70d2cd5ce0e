package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.MarginLossOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The perceptron criterion: the mean of max(0, −y·ŷ) with y in {−1, 1} — zero for a correctly
 * classified sample, the size of the mistake otherwise (a hinge with no margin). Targets that are
 * all 0 or 1 are mapped to −1 and 1, as for {@link Hinge}. Not a Keras loss; named as Keras would.
 */
public final class PerceptronCriterion implements Loss {
    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        Tensor y = LossTargets.signed(tape, LossTargets.alignedTo(name(), tape, predictions, targets));
        return MarginLossOp.apply(tape, predictions, y, 0f);
    }

    @Override
    public String name() {
        return "perceptron_criterion";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", "sum_over_batch_size");
        return c;
    }
}
