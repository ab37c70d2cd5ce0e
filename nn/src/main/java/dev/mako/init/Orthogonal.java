package dev.mako.init;

import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code orthogonal} initializer, the default for recurrent kernels: a random matrix with
 * orthonormal rows or columns (whichever are fewer), scaled by {@code gain}. The tensor is viewed
 * as a matrix [product of all but the last dimension, last dimension]. Made from the Q factor of a
 * seeded standard-normal matrix (Gram–Schmidt with re-orthogonalisation, in double precision), with
 * the signs fixed so that R has a positive diagonal, as Keras does.
 */
public final class Orthogonal implements Initializer {
    private final double gain;

    public Orthogonal() {
        this(1.0);
    }

    public Orthogonal(double gain) {
        this.gain = gain;
    }

    @Override
    public void initialize(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
        if (t.rank() < 2) throw new IllegalArgumentException("orthogonal initializer needs a tensor of rank ≥ 2, got " + t.shapeString());
        int cols = t.dim(-1);
        int rows = (int) (t.size() / cols);
        int n = Math.max(rows, cols), m = Math.min(rows, cols);
        double[][] q = new double[m][n]; // m column vectors of length n
        for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) q[i][j] = random.nextGaussian();
        for (int i = 0; i < m; i++) {
            for (int pass = 0; pass < 2; pass++) { // the second pass restores orthogonality lost to rounding
                for (int p = 0; p < i; p++) {
                    double d = dot(q[i], q[p]);
                    for (int j = 0; j < n; j++) q[i][j] -= d * q[p][j];
                }
            }
            double norm = Math.sqrt(dot(q[i], q[i]));
            for (int j = 0; j < n; j++) q[i][j] /= norm;
        }
        // q[i] is column i of Q (n × m). Keras uses Q for rows ≥ cols and Qᵀ otherwise.
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = rows >= cols ? q[c][r] : q[r][c];
                t.setFlat((long) r * cols + c, (float) (gain * v));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public String name() {
        return "orthogonal";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("gain", gain);
    }
}
