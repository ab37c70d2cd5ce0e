package dev.mako.metrics;

import dev.mako.tensor.Tensor;

/** A quantity accumulated over the batches of an epoch, e.g. accuracy. Updates allocate nothing. */
public interface Metric {
    /** Key in progress lines and the History, e.g. "accuracy". */
    String name();

    void reset();

    /** Adds one batch: predictions [batch, ...] and targets as the loss takes them. */
    void update(Tensor predictions, Tensor targets);

    /** The value over everything since the last reset. */
    double result();
}
