package dev.mako.model;

import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Options of {@code fit}, Keras' defaults: batch size 32, shuffle each epoch, verbose 1. */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    boolean shuffle = true;
    long seed = 0;
    int verbose = 1;
    boolean profile;
    double validationSplit = 0;
    Tensor validationX, validationY;
    final List<Callback> callbacks = new ArrayList<>();

    public static FitOptions epochs(int epochs) {
        return new FitOptions().withEpochs(epochs);
    }

    public FitOptions withEpochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Seed of the per-epoch shuffle. */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** 0 = silent, 1 = progress bar (one line per epoch when not on a terminal), 2 = one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    /** Times every layer's forward and backward pass, the loss and the optimizer; see {@link History#profile()}. */
    public FitOptions profile(boolean profile) {
        this.profile = profile;
        return this;
    }

    /** Hold out the last {@code fraction} of the samples (before shuffling) for validation, as Keras does. */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) {
        this.validationX = x;
        this.validationY = y;
        return this;
    }

    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }
}
