package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused per-time-step kernels of the recurrent cells (SimpleRNN, LSTM, GRU), forward and
 * backward, over {@code rows} samples of one step.
 *
 * <p>The matrix products are not here: a recurrent op adds {@code x·W + b} for all steps with one
 * GEMM and {@code h·U} per step with another, then calls one of these kernels, which applies all
 * gate nonlinearities and the state update in a single pass. Gate blocks are packed per row in
 * Keras order (LSTM i, f, c, o; GRU z, r, h), each {@code units} wide, so a row of gates is
 * {@code k·units} floats. Every buffer is row-contiguous with its natural width as row stride,
 * except the output gradient {@code dhOut}, which has its own row stride (it may be a step of a
 * {@code [batch, time, units]} sequence gradient) and may be null (no gradient from the output at
 * this step).
 *
 * <p>Activations are the Keras defaults, tanh for the candidate and sigmoid for the gates. The
 * backward kernels need only the saved activations (never the pre-activations), because
 * σ' = σ(1 − σ) and tanh' = 1 − tanh².
 */
public final class RecurrentCells {
    private RecurrentCells() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // ---- SimpleRNN -----------------------------------------------------------------------------

    /** SimpleRNN step: h = f(z) for {@code rows × units}; {@code z} holds x·W + b + h_prev·U. */
    public static void simpleForward(Activation f, float alpha, MemorySegment z, long zo, MemorySegment h, long ho,
                                     int rows, int units) {
        int n = rows * units;
        int i = 0;
        if (f == Activation.TANH) {
            for (int bound = S.loopBound(n); i < bound; i += L) store(load(z, zo + i).lanewise(VectorOperators.TANH), h, ho + i);
        } else if (f == Activation.SIGMOID) {
            for (int bound = S.loopBound(n); i < bound; i += L) store(sigmoid(load(z, zo + i)), h, ho + i);
        } else if (f == Activation.RELU) {
            for (int bound = S.loopBound(n); i < bound; i += L) store(load(z, zo + i).max(0f), h, ho + i);
        }
        for (; i < n; i++) h.setAtIndex(F, ho + i, activate(f, alpha, z.getAtIndex(F, zo + i)));
    }

    /**
     * SimpleRNN step backward: dz = (dhOut + dhRec) ⊙ f'(h). {@code dhRec} is the gradient reaching
     * h from the next step ([rows, units]); {@code dhOut} (row stride {@code ldOut}) the gradient
     * from the layer's output, or null.
     */
    public static void simpleBackward(Activation f, float alpha, MemorySegment h, long ho,
                                      MemorySegment dhOut, long dho, int ldOut, MemorySegment dhRec, long dro,
                                      MemorySegment dz, long dzo, int rows, int units) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * units;
            long out = dho + (long) r * ldOut;
            int j = 0;
            if (f == Activation.TANH || f == Activation.SIGMOID || f == Activation.RELU || f == Activation.IDENTITY) {
                for (int bound = S.loopBound(units); j < bound; j += L) {
                    FloatVector dh = load(dhRec, dro + row + j);
                    if (dhOut != null) dh = dh.add(load(dhOut, out + j));
                    FloatVector y = load(h, ho + row + j);
                    FloatVector d = switch (f) {
                        case TANH -> dh.mul(y.mul(y).neg().add(1f));
                        case SIGMOID -> dh.mul(y.mul(y.neg().add(1f)));
                        case RELU -> dh.blend(0f, y.compare(VectorOperators.LE, 0f));
                        default -> dh;
                    };
                    store(d, dz, dzo + row + j);
                }
            }
            for (; j < units; j++) {
                float dh = dhRec.getAtIndex(F, dro + row + j);
                if (dhOut != null) dh += dhOut.getAtIndex(F, out + j);
                dz.setAtIndex(F, dzo + row + j, dh * derivativeFromOutput(f, alpha, h.getAtIndex(F, ho + row + j)));
            }
        }
    }

    // ---- LSTM ----------------------------------------------------------------------------------

    /**
     * LSTM step. {@code gates} [rows, 4·units] holds the pre-activations x·W + b + h_prev·U and is
     * overwritten with the activations i = σ, f = σ, g = tanh, o = σ, which backward needs. Writes
     * c = f ⊙ c_prev + i ⊙ g, tanhC = tanh(c) (saved for backward) and h = o ⊙ tanh(c).
     */
    public static void lstmForward(MemorySegment gates, long go, MemorySegment cPrev, long cpo,
                                   MemorySegment c, long co, MemorySegment tanhC, long tco, MemorySegment h, long ho,
                                   int rows, int units) {
        int bound = S.loopBound(units);
        for (int r = 0; r < rows; r++) {
            long gr = go + (long) r * 4 * units;
            long sr = (long) r * units;
            int j = 0;
            for (; j < bound; j += L) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                FloatVector i = sigmoid(load(gates, gi));
                FloatVector f = sigmoid(load(gates, gf));
                FloatVector g = load(gates, gg).lanewise(VectorOperators.TANH);
                FloatVector o = sigmoid(load(gates, gO));
                store(i, gates, gi);
                store(f, gates, gf);
                store(g, gates, gg);
                store(o, gates, gO);
                FloatVector cv = f.fma(load(cPrev, cpo + sr + j), i.mul(g));
                FloatVector tc = cv.lanewise(VectorOperators.TANH);
                store(cv, c, co + sr + j);
                store(tc, tanhC, tco + sr + j);
                store(o.mul(tc), h, ho + sr + j);
            }
            for (; j < units; j++) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                float i = sigmoid(gates.getAtIndex(F, gi));
                float f = sigmoid(gates.getAtIndex(F, gf));
                float g = (float) Math.tanh(gates.getAtIndex(F, gg));
                float o = sigmoid(gates.getAtIndex(F, gO));
                gates.setAtIndex(F, gi, i);
                gates.setAtIndex(F, gf, f);
                gates.setAtIndex(F, gg, g);
                gates.setAtIndex(F, gO, o);
                float cv = f * cPrev.getAtIndex(F, cpo + sr + j) + i * g;
                float tc = (float) Math.tanh(cv);
                c.setAtIndex(F, co + sr + j, cv);
                tanhC.setAtIndex(F, tco + sr + j, tc);
                h.setAtIndex(F, ho + sr + j, o * tc);
            }
        }
    }

    /**
     * LSTM step backward. {@code gates} holds the activations i, f, g, o of this step and is
     * overwritten with the pre-activation gradients di, df, dg, do. {@code dc} [rows, units] holds
     * the cell-state gradient from the next step on entry and the gradient for c_prev on exit.
     * With dh = dhOut + dhRec: do = dh ⊙ tanh(c) ⊙ o(1−o); dc += dh ⊙ o ⊙ (1 − tanh²(c));
     * di = dc ⊙ g ⊙ i(1−i); df = dc ⊙ c_prev ⊙ f(1−f); dg = dc ⊙ i ⊙ (1−g²); dc_prev = dc ⊙ f.
     */
    public static void lstmBackward(MemorySegment gates, long go, MemorySegment cPrev, long cpo, MemorySegment tanhC, long tco,
                                    MemorySegment dhOut, long dho, int ldOut, MemorySegment dhRec, long dro,
                                    MemorySegment dc, long dco, int rows, int units) {
        int bound = S.loopBound(units);
        for (int r = 0; r < rows; r++) {
            long gr = go + (long) r * 4 * units;
            long sr = (long) r * units;
            long out = dho + (long) r * ldOut;
            int j = 0;
            for (; j < bound; j += L) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                FloatVector dh = load(dhRec, dro + sr + j);
                if (dhOut != null) dh = dh.add(load(dhOut, out + j));
                FloatVector i = load(gates, gi), f = load(gates, gf), g = load(gates, gg), o = load(gates, gO);
                FloatVector tc = load(tanhC, tco + sr + j);
                FloatVector dhO = dh.mul(o);
                FloatVector dcv = load(dc, dco + sr + j).add(dhO.mul(tc.mul(tc).neg().add(1f)));
                store(dh.mul(tc).mul(o.mul(o.neg().add(1f))), gates, gO);
                store(dcv.mul(g).mul(i.mul(i.neg().add(1f))), gates, gi);
                store(dcv.mul(load(cPrev, cpo + sr + j)).mul(f.mul(f.neg().add(1f))), gates, gf);
                store(dcv.mul(i).mul(g.mul(g).neg().add(1f)), gates, gg);
                store(dcv.mul(f), dc, dco + sr + j);
            }
            for (; j < units; j++) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                float dh = dhRec.getAtIndex(F, dro + sr + j);
                if (dhOut != null) dh += dhOut.getAtIndex(F, out + j);
                float i = gates.getAtIndex(F, gi), f = gates.getAtIndex(F, gf), g = gates.getAtIndex(F, gg), o = gates.getAtIndex(F, gO);
                float tc = tanhC.getAtIndex(F, tco + sr + j);
                float dcv = dc.getAtIndex(F, dco + sr + j) + dh * o * (1f - tc * tc);
                gates.setAtIndex(F, gO, dh * tc * o * (1f - o));
                gates.setAtIndex(F, gi, dcv * g * i * (1f - i));
                gates.setAtIndex(F, gf, dcv * cPrev.getAtIndex(F, cpo + sr + j) * f * (1f - f));
                gates.setAtIndex(F, gg, dcv * i * (1f - g * g));
                dc.setAtIndex(F, dco + sr + j, dcv * f);
            }
        }
    }

    // ---- GRU (reset gate applied after the recurrent product, Keras' reset_after=True) ----------

    /**
     * GRU step. {@code xg} [rows, 3·units] holds x·W + b_input and is overwritten with the
     * activations z, r, hh; {@code rg} [rows, 3·units] holds h_prev·U, and its candidate block gets
     * its part of the recurrent bias {@code bRec} [3·units] added in place (backward needs it). Then
     * z = σ(xz + rz), r = σ(xr + rr), hh = tanh(xh + r ⊙ rh), h = z ⊙ h_prev + (1 − z) ⊙ hh.
     */
    public static void gruForward(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment bRec, long bo,
                                  MemorySegment hPrev, long hpo, MemorySegment h, long ho, int rows, int units) {
        int bound = S.loopBound(units);
        for (int r = 0; r < rows; r++) {
            long xr = xgo + (long) r * 3 * units, rr = rgo + (long) r * 3 * units;
            long sr = (long) r * units;
            int j = 0;
            for (; j < bound; j += L) {
                long xz = xr + j, xrr = xz + units, xh = xrr + units;
                long rz = rr + j, rrr = rz + units, rh = rrr + units;
                FloatVector z = sigmoid(load(xg, xz).add(load(rg, rz)).add(load(bRec, bo + j)));
                FloatVector rs = sigmoid(load(xg, xrr).add(load(rg, rrr)).add(load(bRec, bo + units + j)));
                FloatVector rhv = load(rg, rh).add(load(bRec, bo + 2L * units + j));
                FloatVector hh = rs.fma(rhv, load(xg, xh)).lanewise(VectorOperators.TANH);
                store(rhv, rg, rh);
                store(z, xg, xz);
                store(rs, xg, xrr);
                store(hh, xg, xh);
                FloatVector hp = load(hPrev, hpo + sr + j);
                store(z.fma(hp.sub(hh), hh), h, ho + sr + j);
            }
            for (; j < units; j++) {
                long xz = xr + j, xrr = xz + units, xh = xrr + units;
                long rz = rr + j, rrr = rz + units, rh = rrr + units;
                float z = sigmoid(xg.getAtIndex(F, xz) + rg.getAtIndex(F, rz) + bRec.getAtIndex(F, bo + j));
                float rs = sigmoid(xg.getAtIndex(F, xrr) + rg.getAtIndex(F, rrr) + bRec.getAtIndex(F, bo + units + j));
                float rhv = rg.getAtIndex(F, rh) + bRec.getAtIndex(F, bo + 2L * units + j);
                float hh = (float) Math.tanh(xg.getAtIndex(F, xh) + rs * rhv);
                rg.setAtIndex(F, rh, rhv);
                xg.setAtIndex(F, xz, z);
                xg.setAtIndex(F, xrr, rs);
                xg.setAtIndex(F, xh, hh);
                float hp = hPrev.getAtIndex(F, hpo + sr + j);
                h.setAtIndex(F, ho + sr + j, z * (hp - hh) + hh);
            }
        }
    }

    /**
     * GRU step backward. {@code xg} holds z, r, hh and is overwritten with the gradients of the
     * input-side pre-activations (dz, dr, dah); {@code rg} holds (in its candidate block) rh = the
     * recurrent candidate product plus bias, and is overwritten with the gradients of h_prev·U + b
     * (dz, dr, dah ⊙ r). {@code dhRec} holds the gradient reaching h from the next step on entry and
     * the direct part of the h_prev gradient, dh ⊙ z, on exit (the caller adds dRG·Uᵀ to it).
     * With dh = dhOut + dhRec: dz = dh ⊙ (h_prev − hh) ⊙ z(1−z); dah = dh ⊙ (1−z) ⊙ (1−hh²);
     * dr = dah ⊙ rh ⊙ r(1−r).
     */
    public static void gruBackward(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment hPrev, long hpo,
                                   MemorySegment dhOut, long dho, int ldOut, MemorySegment dhRec, long dro, int rows, int units) {
        int bound = S.loopBound(units);
        for (int r = 0; r < rows; r++) {
            long xr = xgo + (long) r * 3 * units, rr = rgo + (long) r * 3 * units;
            long sr = (long) r * units;
            long out = dho + (long) r * ldOut;
            int j = 0;
            for (; j < bound; j += L) {
                long xz = xr + j, xrr = xz + units, xh = xrr + units;
                long rz = rr + j, rrr = rz + units, rh = rrr + units;
                FloatVector dh = load(dhRec, dro + sr + j);
                if (dhOut != null) dh = dh.add(load(dhOut, out + j));
                FloatVector z = load(xg, xz), rs = load(xg, xrr), hh = load(xg, xh);
                FloatVector hp = load(hPrev, hpo + sr + j);
                FloatVector dz = dh.mul(hp.sub(hh)).mul(z.mul(z.neg().add(1f)));
                FloatVector dah = dh.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f));
                FloatVector dr = dah.mul(load(rg, rh)).mul(rs.mul(rs.neg().add(1f)));
                store(dz, xg, xz);
                store(dr, xg, xrr);
                store(dah, xg, xh);
                store(dz, rg, rz);
                store(dr, rg, rrr);
                store(dah.mul(rs), rg, rh);
                store(dh.mul(z), dhRec, dro + sr + j);
            }
            for (; j < units; j++) {
                long xz = xr + j, xrr = xz + units, xh = xrr + units;
                long rz = rr + j, rrr = rz + units, rh = rrr + units;
                float dh = dhRec.getAtIndex(F, dro + sr + j);
                if (dhOut != null) dh += dhOut.getAtIndex(F, out + j);
                float z = xg.getAtIndex(F, xz), rs = xg.getAtIndex(F, xrr), hh = xg.getAtIndex(F, xh);
                float hp = hPrev.getAtIndex(F, hpo + sr + j);
                float dz = dh * (hp - hh) * z * (1f - z);
                float dah = dh * (1f - z) * (1f - hh * hh);
                float dr = dah * rg.getAtIndex(F, rh) * rs * (1f - rs);
                xg.setAtIndex(F, xz, dz);
                xg.setAtIndex(F, xrr, dr);
                xg.setAtIndex(F, xh, dah);
                rg.setAtIndex(F, rz, dz);
                rg.setAtIndex(F, rrr, dr);
                rg.setAtIndex(F, rh, dah * rs);
                dhRec.setAtIndex(F, dro + sr + j, dh * z);
            }
        }
    }

    // ---- layout helpers ------------------------------------------------------------------------

    /**
     * Swaps the first two axes of a row-major {@code [d0, d1, width]} block into {@code [d1, d0,
     * width]}: the batch-major ↔ time-major conversion of a sequence. With {@code accumulate}, adds
     * into {@code dst} instead of overwriting it.
     */
    public static void swapLeadingAxes(MemorySegment src, long so, MemorySegment dst, long dOff, int d0, int d1, int width,
                                       boolean accumulate) {
        for (int a = 0; a < d0; a++) {
            for (int b = 0; b < d1; b++) {
                long from = so + ((long) a * d1 + b) * width;
                long to = dOff + ((long) b * d0 + a) * width;
                if (accumulate) {
                    addInto(src, from, dst, to, width);
                } else {
                    MemorySegment.copy(src, from * 4, dst, to * 4, (long) width * 4);
                }
            }
        }
    }

    private static void addInto(MemorySegment src, long so, MemorySegment dst, long dOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) store(load(dst, dOff + i).add(load(src, so + i)), dst, dOff + i);
        for (; i < n; i++) dst.setAtIndex(F, dOff + i, dst.getAtIndex(F, dOff + i) + src.getAtIndex(F, so + i));
    }

    // ---- vector helpers ------------------------------------------------------------------------

    private static FloatVector load(MemorySegment s, long index) {
        return FloatVector.fromMemorySegment(S, s, index * 4, NATIVE);
    }

    private static void store(FloatVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * 4, NATIVE);
    }

    /** σ(x) = 1 / (1 + e^−x); e^−x overflows to +∞ for very negative x, giving the right limit 0. */
    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static float activate(Activation f, float alpha, float x) {
        return switch (f) {
            case IDENTITY -> x;
            case STEP -> x > 0 ? 1f : 0f;
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case RELU -> x > 0 ? x : 0f;
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            default -> throw new IllegalArgumentException("recurrent cells do not support activation " + f);
        };
    }

    private static float derivativeFromOutput(Activation f, float alpha, float y) {
        return switch (f) {
            case IDENTITY -> 1f;
            case STEP -> 0f;
            case SIGMOID -> y * (1f - y);
            case TANH -> 1f - y * y;
            case RELU -> y > 0 ? 1f : 0f;
            case LEAKY_RELU -> y > 0 ? 1f : alpha;
            default -> throw new IllegalArgumentException("recurrent cells do not support activation " + f);
        };
    }
}
