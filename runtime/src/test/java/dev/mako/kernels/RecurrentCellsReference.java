package dev.mako.kernels;

/**
 * Plain double-precision references of the {@link RecurrentCells} kernels over Java arrays, written
 * straight from the cell equations. Arrays are row-major; gate rows are packed in Keras order.
 */
public final class RecurrentCellsReference {
    private RecurrentCellsReference() {}

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    public static double activate(Activation f, double x) {
        return switch (f) {
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> Math.max(0, x);
            case IDENTITY -> x;
            default -> throw new IllegalArgumentException(f.toString());
        };
    }

    public static double derivativeFromOutput(Activation f, double y) {
        return switch (f) {
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case RELU -> y > 0 ? 1 : 0;
            case IDENTITY -> 1;
            default -> throw new IllegalArgumentException(f.toString());
        };
    }

    /** h = f(z) */
    public static float[] simpleForward(Activation f, float[] z) {
        float[] h = new float[z.length];
        for (int i = 0; i < z.length; i++) h[i] = (float) activate(f, z[i]);
        return h;
    }

    /** dz = (dhOut + dhRec) f'(h); dhOut may be null. */
    public static float[] simpleBackward(Activation f, float[] h, float[] dhOut, float[] dhRec) {
        float[] dz = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            double dh = dhRec[i] + (dhOut == null ? 0 : dhOut[i]);
            dz[i] = (float) (dh * derivativeFromOutput(f, h[i]));
        }
        return dz;
    }

    /** Returns {activations [rows, 4u], c, tanh(c), h}. */
    public static float[][] lstmForward(float[] pre, float[] cPrev, int rows, int u) {
        float[] act = new float[rows * 4 * u], c = new float[rows * u], tc = new float[rows * u], h = new float[rows * u];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u; j++) {
                int g0 = r * 4 * u + j, s = r * u + j;
                double i = sigmoid(pre[g0]), f = sigmoid(pre[g0 + u]), g = Math.tanh(pre[g0 + 2 * u]), o = sigmoid(pre[g0 + 3 * u]);
                act[g0] = (float) i;
                act[g0 + u] = (float) f;
                act[g0 + 2 * u] = (float) g;
                act[g0 + 3 * u] = (float) o;
                double cv = f * cPrev[s] + i * g;
                c[s] = (float) cv;
                tc[s] = (float) Math.tanh(cv);
                h[s] = (float) (o * Math.tanh(cv));
            }
        }
        return new float[][] {act, c, tc, h};
    }

    /** Returns {gate pre-activation gradients [rows, 4u], dc for c_prev}. */
    public static float[][] lstmBackward(float[] act, float[] cPrev, float[] tanhC, float[] dhOut, float[] dhRec, float[] dcNext,
                                         int rows, int u) {
        float[] dg = new float[rows * 4 * u], dcPrev = new float[rows * u];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u; j++) {
                int g0 = r * 4 * u + j, s = r * u + j;
                double i = act[g0], f = act[g0 + u], g = act[g0 + 2 * u], o = act[g0 + 3 * u], tc = tanhC[s];
                double dh = dhRec[s] + (dhOut == null ? 0 : dhOut[s]);
                double dc = dcNext[s] + dh * o * (1 - tc * tc);
                dg[g0] = (float) (dc * g * i * (1 - i));
                dg[g0 + u] = (float) (dc * cPrev[s] * f * (1 - f));
                dg[g0 + 2 * u] = (float) (dc * i * (1 - g * g));
                dg[g0 + 3 * u] = (float) (dh * tc * o * (1 - o));
                dcPrev[s] = (float) (dc * f);
            }
        }
        return new float[][] {dg, dcPrev};
    }

    /** Returns {activations z, r, hh [rows, 3u], recurrent product with the bias added to its candidate block [rows, 3u], h}. */
    public static float[][] gruForward(float[] xg, float[] rg, float[] bRec, float[] hPrev, int rows, int u) {
        float[] act = new float[rows * 3 * u], rb = new float[rows * 3 * u], h = new float[rows * u];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u; j++) {
                int g0 = r * 3 * u + j, s = r * u + j;
                double rz = rg[g0] + bRec[j], rr = rg[g0 + u] + bRec[u + j], rh = rg[g0 + 2 * u] + bRec[2 * u + j];
                double z = sigmoid(xg[g0] + rz), rs = sigmoid(xg[g0 + u] + rr);
                double hh = Math.tanh(xg[g0 + 2 * u] + rs * rh);
                act[g0] = (float) z;
                act[g0 + u] = (float) rs;
                act[g0 + 2 * u] = (float) hh;
                rb[g0] = rg[g0];
                rb[g0 + u] = rg[g0 + u];
                rb[g0 + 2 * u] = (float) rh;
                h[s] = (float) (z * hPrev[s] + (1 - z) * hh);
            }
        }
        return new float[][] {act, rb, h};
    }

    /** Returns {input-side gradients [rows, 3u], recurrent-side gradients [rows, 3u], direct dh_prev = dh z}. */
    public static float[][] gruBackward(float[] act, float[] rb, float[] hPrev, float[] dhOut, float[] dhRec, int rows, int u) {
        float[] dx = new float[rows * 3 * u], dr = new float[rows * 3 * u], dhp = new float[rows * u];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u; j++) {
                int g0 = r * 3 * u + j, s = r * u + j;
                double z = act[g0], rs = act[g0 + u], hh = act[g0 + 2 * u];
                double dh = dhRec[s] + (dhOut == null ? 0 : dhOut[s]);
                double dz = dh * (hPrev[s] - hh) * z * (1 - z);
                double dah = dh * (1 - z) * (1 - hh * hh);
                double drs = dah * rb[g0 + 2 * u] * rs * (1 - rs);
                dx[g0] = (float) dz;
                dx[g0 + u] = (float) drs;
                dx[g0 + 2 * u] = (float) dah;
                dr[g0] = (float) dz;
                dr[g0 + u] = (float) drs;
                dr[g0 + 2 * u] = (float) (dah * rs);
                dhp[s] = (float) (dh * z);
            }
        }
        return new float[][] {dx, dr, dhp};
    }
}
