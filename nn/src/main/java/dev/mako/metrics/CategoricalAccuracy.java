package dev.mako.metrics;

import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;

/** Fraction of rows whose arg-max prediction equals the arg-max of the one-hot target. */
public final class CategoricalAccuracy implements Metric {
    private long correct, total;

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public void reset() {
        correct = total = 0;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        if (!predictions.sameShape(targets)) {
            throw new IllegalArgumentException("accuracy: predictions " + predictions.shapeString() + " and targets " + targets.shapeString() + " differ");
        }
        Tensor p = predictions.contiguous(), t = targets.contiguous();
        int rows = p.dim(0), cols = (int) (p.size() / rows);
        for (int r = 0; r < rows; r++) {
            long o = (long) r * cols;
            if (Reductions.argmax(p.segment(), p.offset() + o, cols) == Reductions.argmax(t.segment(), t.offset() + o, cols)) correct++;
        }
        total += rows;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
