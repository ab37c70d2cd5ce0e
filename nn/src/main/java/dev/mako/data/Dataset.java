package dev.mako.data;

import dev.mako.tensor.TensorStore;
import dev.mako.tensor.Tensor;

/**
 * Samples {@code x} [n, ...] and targets {@code y} [n, ...] that belong together row by row.
 *
 * <p>A data set either owns the store that holds its tensors (made by a loader such as
 * {@link Datasets#mnist()}; {@link #close()} frees them) or is a view of tensors owned elsewhere
 * ({@link #of}, {@link #first}, {@link #range}, {@link #splitValidation}), in which case closing
 * it does nothing and it stays usable as long as the owner is open.
 */
public final class Dataset implements AutoCloseable {
    private final String name;
    private final Tensor x;
    private final Tensor y;
    private final TensorStore owned;

    private Dataset(String name, Tensor x, Tensor y, TensorStore owned) {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(name + ": x " + x.shapeString() + " and y " + y.shapeString()
                    + " must have the same number of rows (first dimension)");
        }
        this.name = name;
        this.x = x;
        this.y = y;
        this.owned = owned;
    }

    /** A view of tensors owned by someone else. */
    public static Dataset of(String name, Tensor x, Tensor y) {
        return new Dataset(name, x, y, null);
    }

    /** A data set that frees {@code store} (which holds {@code x} and {@code y}) when closed. */
    public static Dataset owning(String name, TensorStore store, Tensor x, Tensor y) {
        return new Dataset(name, x, y, store);
    }

    public String name() {
        return name;
    }

    /** Samples, [n, ...]. */
    public Tensor x() {
        return x;
    }

    /** Targets, [n, ...] (class indices as floats for the classification sets). */
    public Tensor y() {
        return y;
    }

    /** Number of samples. */
    public int size() {
        return x.dim(0);
    }

    /** The first {@code n} samples (a view). */
    public Dataset first(int n) {
        return range(0, n);
    }

    /** Samples {@code [from, to)} (a view). */
    public Dataset range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException(name + ": range [" + from + ", " + to + ") is outside its " + size() + " samples");
        }
        return new Dataset(name + "[" + from + ":" + to + "]", x.slice(0, from, to), y.slice(0, from, to), null);
    }

    /** A training part and a validation part (views of one data set). */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * Keras' {@code validation_split}: the last {@code fraction} of the samples, taken before any
     * shuffling, become the validation part; the split point is floor(n · (1 − fraction)).
     */
    public Split splitValidation(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
        int n = size();
        int splitAt = (int) Math.floor(n * (1.0 - fraction));
        if (splitAt == 0 || splitAt == n) {
            throw new IllegalArgumentException(name + ": " + n + " samples are too few to split off a validation fraction of " + fraction);
        }
        return new Split(range(0, splitAt), range(splitAt, n));
    }

    /** Frees the tensors if this data set owns them; views do nothing. */
    @Override
    public void close() {
        if (owned != null) owned.close();
    }

    @Override
    public String toString() {
        return name + " (x " + x.shapeString() + ", y " + y.shapeString() + ")";
    }
}
