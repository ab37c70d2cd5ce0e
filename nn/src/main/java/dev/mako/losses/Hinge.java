package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.ops.ActivationOp;
import dev.mako.ops.AddScalarOp;
import dev.mako.ops.MeanOp;
import dev.mako.ops.MulOp;
import dev.mako.ops.MulScalarOp;
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
        Tensor margin = AddScalarOp.apply(tape, MulScalarOp.apply(tape, MulOp.apply(tape, predictions, y), -1f), 1f);
        return MeanOp.apply(tape, ActivationOp.apply(tape, margin, Activation.RELU));
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
