package dev.mako.kernels;

/**
 * The plain scalar definitions every kernel is tested against, over Java arrays. Sums run in
 * double; transcendental functions round {@link Math}'s double results. Each method returns a
 * fresh array and leaves its inputs alone. Published in the runtime test jar so that tests of
 * layers and autograd ops can use the same definitions.
 */
public final class ScalarKernels {
    private ScalarKernels() {}

    // ---- elementwise -----------------------------------------------------------------------------

    public static float[] binary(BinaryOp op, float[] a, float[] b) {
        float[] c = new float[a.length];
        for (int i = 0; i < c.length; i++) c[i] = op.apply(a[i], b[i]);
        return c;
    }

    /** c = a op s */
    public static float[] binaryScalar(BinaryOp op, float[] a, float s) {
        float[] c = new float[a.length];
        for (int i = 0; i < c.length; i++) c[i] = op.apply(a[i], s);
        return c;
    }

    /** c = s op b */
    public static float[] scalarBinary(BinaryOp op, float s, float[] b) {
        float[] c = new float[b.length];
        for (int i = 0; i < c.length; i++) c[i] = op.apply(s, b[i]);
        return c;
    }

    /** y + alpha * x */
    public static float[] axpy(float alpha, float[] x, float[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < out.length; i++) out[i] = y[i] + alpha * x[i];
        return out;
    }

    /** alpha * x + beta * y */
    public static float[] axpby(float alpha, float[] x, float beta, float[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < out.length; i++) out[i] = alpha * x[i] + beta * y[i];
        return out;
    }

    /** c + a * b */
    public static float[] mulAdd(float[] a, float[] b, float[] c) {
        float[] out = new float[c.length];
        for (int i = 0; i < out.length; i++) out[i] = c[i] + a[i] * b[i];
        return out;
    }

    /** c[r, j] = a[r, j] op b[j] for a rows × cols matrix a. */
    public static float[] rowBroadcast(BinaryOp op, float[] a, float[] b, int rows, int cols) {
        float[] c = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) c[r * cols + j] = op.apply(a[r * cols + j], b[j]);
        }
        return c;
    }

    /**
     * NumPy-broadcast {@code a op b}: the result has the broadcast shape, in row-major order.
     * Computed by index arithmetic, independently of strides.
     */
    public static float[] broadcast(BinaryOp op, float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape) {
        int size = 1;
        for (int d : outShape) size *= d;
        float[] c = new float[size];
        int[] index = new int[outShape.length];
        for (int flat = 0; flat < size; flat++) {
            int rest = flat;
            for (int d = outShape.length - 1; d >= 0; d--) {
                index[d] = rest % outShape[d];
                rest /= outShape[d];
            }
            c[flat] = op.apply(a[broadcastIndex(index, aShape)], b[broadcastIndex(index, bShape)]);
        }
        return c;
    }

    private static int broadcastIndex(int[] outIndex, int[] shape) {
        int lead = outIndex.length - shape.length, flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIndex[lead + d]);
        return flat;
    }

    /** The rows × cols matrix transposed into cols × rows. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) t[j * rows + r] = a[r * cols + j];
        }
        return t;
    }

    // ---- activations -----------------------------------------------------------------------------

    public static float activation(Activation f, float alpha, float x) {
        return switch (f) {
            case IDENTITY -> x;
            case STEP -> x > 0 ? 1f : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case RELU -> Math.max(x, 0f); // NaN stays NaN
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
        };
    }

    /** dy · f'(x) from y = f(x); piecewise derivatives select rather than multiply. */
    public static float gradient(Activation f, float alpha, float y, float dy) {
        return switch (f) {
            case IDENTITY -> dy;
            case STEP -> 0f;
            case SIGMOID -> dy * (y * (1f - y));
            case TANH -> dy * (1f - y * y);
            case RELU -> y > 0 ? dy : 0f;
            case LEAKY_RELU -> y > 0 ? dy : alpha * dy;
        };
    }

    public static float[] forward(Activation f, float alpha, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = activation(f, alpha, x[i]);
        return y;
    }

    /** (dxIn == null ? 0 : dxIn) + dy · f'(x), f' through y. */
    public static float[] backward(Activation f, float alpha, float[] y, float[] dy, float[] dxIn) {
        float[] dx = new float[y.length];
        for (int i = 0; i < dx.length; i++) {
            float g = gradient(f, alpha, y[i], dy[i]);
            dx[i] = dxIn == null ? g : g + dxIn[i];
        }
        return dx;
    }

    public static float[] exp(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.exp(x[i]);
        return y;
    }

    public static float[] log(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.log(x[i]);
        return y;
    }

    public static float[] sqrt(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.sqrt(x[i]);
        return y;
    }

    // ---- reductions ------------------------------------------------------------------------------

    public static double sum(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return s;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** Math.max over all elements: NaN if any is NaN, -∞ for none. */
    public static float max(float[] x) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : x) m = Math.max(m, v);
        return m;
    }

    /** First index of the largest element; NaN never wins; 0 if nothing beats -∞. */
    public static int argmax(float[] x) {
        int best = 0;
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > m) { m = x[i]; best = i; }
        }
        return best;
    }

    /** out[o, i] = (outIn == null ? 0 : outIn[o, i]) + Σ_l x[o, l, i], summed in double. */
    public static float[] sumAxis(float[] x, int outer, int len, int inner, float[] outIn) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double s = outIn == null ? 0 : outIn[o * inner + i];
                for (int l = 0; l < len; l++) s += x[(o * len + l) * inner + i];
                out[o * inner + i] = (float) s;
            }
        }
        return out;
    }

    public static float[] meanAxis(float[] x, int outer, int len, int inner) {
        float[] out = sumAxis(x, outer, len, inner, null);
        for (int i = 0; i < out.length; i++) out[i] *= 1f / len;
        return out;
    }

    public static float[] maxAxis(float[] x, int outer, int len, int inner) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) m = Math.max(m, x[(o * len + l) * inner + i]);
                out[o * inner + i] = m;
            }
        }
        return out;
    }

    public static int[] argmaxAxis(float[] x, int outer, int len, int inner) {
        int[] out = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float m = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    float v = x[(o * len + l) * inner + i];
                    if (v > m) { m = v; best = l; }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    // ---- softmax ---------------------------------------------------------------------------------

    public static float[] softmaxRows(float[] x, int rows, int cols) {
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]);
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(x[r * cols + j] - m);
            for (int j = 0; j < cols; j++) y[r * cols + j] = (float) (Math.exp(x[r * cols + j] - m) / s);
        }
        return y;
    }

    public static float[] logSoftmaxRows(float[] x, int rows, int cols) {
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]);
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(x[r * cols + j] - m);
            double lse = m + Math.log(s);
            for (int j = 0; j < cols; j++) y[r * cols + j] = (float) (x[r * cols + j] - lse);
        }
        return y;
    }

    /** (dxIn == null ? 0 : dxIn) + y ⊙ (dy − Σ_j dy_j y_j), per row. */
    public static float[] softmaxBackwardRows(float[] y, float[] dy, float[] dxIn, int rows, int cols) {
        float[] dx = new float[y.length];
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += (double) dy[r * cols + j] * y[r * cols + j];
            for (int j = 0; j < cols; j++) {
                int k = r * cols + j;
                float g = (float) (y[k] * (dy[k] - dot));
                dx[k] = dxIn == null ? g : g + dxIn[k];
            }
        }
        return dx;
    }
}
