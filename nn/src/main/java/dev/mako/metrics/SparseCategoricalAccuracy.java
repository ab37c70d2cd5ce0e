package dev.mako.metrics;

import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;

/** Fraction of rows whose arg-max prediction equals the integer label. */
public final class SparseCategoricalAccuracy implements Metric {
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
        Tensor p = predictions.contiguous();
        int rows = p.dim(0), cols = (int) (p.size() / rows);
        if (targets.size() != rows) {
            throw new IllegalArgumentException("accuracy: " + rows + " predictions " + p.shapeString() + " but targets " + targets.shapeString());
        }
        for (int r = 0; r < rows; r++) {
            int guess = Reductions.argmax(p.segment(), p.offset() + (long) r * cols, cols);
            if (guess == (int) targets.getFlat(r)) correct++;
        }
        total += rows;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
