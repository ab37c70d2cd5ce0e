package dev.mako.losses;

import dev.mako.autograd.Tape;
import dev.mako.ops.MeanOp;
import dev.mako.ops.SquareOp;
import dev.mako.ops.SubOp;
import dev.mako.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras' {@code MeanSquaredError}: the mean of (prediction − target)² over all elements (per-sample means, then the batch mean). */
public final class MeanSquaredError implements Loss {
    @Override
    public Tensor compute(Tape tape, Tensor predictions, Tensor targets) {
        Tensor t = LossTargets.alignedTo(name(), tape, predictions, targets);
        return MeanOp.apply(tape, SquareOp.apply(tape, SubOp.apply(tape, predictions, t)));
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", "sum_over_batch_size");
        return c;
    }
}
