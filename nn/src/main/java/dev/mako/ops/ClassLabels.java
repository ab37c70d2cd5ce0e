package dev.mako.ops;

import dev.mako.tensor.Tensor;

/** Integer class targets stored as floats, one per row: shape [batch] or [batch, 1]. */
final class ClassLabels {
    private ClassLabels() {}

    /**
     * Throws unless {@code labels} holds one whole number in {@code [0, classes)} for each row of
     * {@code predictions} [batch, classes]; the message names the offending row and value.
     */
    static void check(String op, Tensor predictions, Tensor labels) {
        if (predictions.rank() != 2) {
            throw new IllegalArgumentException(op + ": predictions must be [batch, classes], got " + predictions.shapeString()
                    + " with targets " + labels.shapeString());
        }
        int batch = predictions.dim(0), classes = predictions.dim(1);
        boolean shapeOk = (labels.rank() == 1 && labels.dim(0) == batch) || (labels.rank() == 2 && labels.dim(0) == batch && labels.dim(1) == 1);
        if (!shapeOk) {
            throw new IllegalArgumentException(op + ": class targets must be [batch] or [batch, 1] for predictions "
                    + predictions.shapeString() + ", got " + labels.shapeString());
        }
        boolean contiguous = labels.isContiguous();
        for (int r = 0; r < batch; r++) {
            float v = contiguous ? OpSupport.read(labels, r) : labels.getFlat(r);
            if (!(v >= 0f && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(op + ": target at row " + r + " is " + v + ", not a class index in [0, " + classes + ")");
            }
        }
    }

    /** The class of {@code row}; {@code labels} must be contiguous and checked. */
    static int at(Tensor labels, int row) {
        return (int) OpSupport.read(labels, row);
    }
}
