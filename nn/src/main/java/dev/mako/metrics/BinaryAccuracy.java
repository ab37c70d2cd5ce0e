package dev.mako.metrics;

import dev.mako.tensor.Tensor;

/**
 * Fraction of outputs on the right side of a threshold: 0.5 for probabilities (targets in {0, 1}),
 * 0 for margins (targets in {-1, 1} or {0, 1}).
 */
public final class BinaryAccuracy implements Metric {
    private final float threshold;
    private long correct, total;

    public BinaryAccuracy(float threshold) {
        this.threshold = threshold;
    }

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
        if (predictions.size() != targets.size()) {
            throw new IllegalArgumentException("accuracy: predictions " + predictions.shapeString() + " and targets " + targets.shapeString() + " differ in size");
        }
        long n = predictions.size();
        for (long i = 0; i < n; i++) {
            boolean predicted = predictions.getFlat(i) > threshold;
            boolean actual = targets.getFlat(i) > threshold;
            if (predicted == actual) correct++;
        }
        total += n;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
