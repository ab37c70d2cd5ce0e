package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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

    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;
    private static final ValueLayout.OfFloat F = Simd.F;

    /** End of the full-vector part of a row of {@code n}; 0 with {@code -Dmako.simd=false}, leaving it all to the scalar loop. */
    private static int bound(int n) {
        return Simd.ENABLED ? S.loopBound(n) : 0;
    }

    // ---- SimpleRNN -----------------------------------------------------------------------------

    /** SimpleRNN step: h = f(z) for {@code rows × units}; {@code z} holds x·W + b + h_prev·U. */
    public static void simpleForward(Activation f, float alpha, MemorySegment z, long zo, MemorySegment h, long ho,
                                     int rows, int units) {
        int n = rows * units;
        switch (f) {
            case TANH -> simpleForwardTanh(z, zo, h, ho, n);
            case SIGMOID -> simpleForwardSigmoid(z, zo, h, ho, n);
            default -> {
                for (int i = 0; i < n; i++) h.setAtIndex(F, ho + i, activate(f, alpha, z.getAtIndex(F, zo + i)));
            }
        }
    }

    private static void simpleForwardTanh(MemorySegment z, long zo, MemorySegment h, long ho, int n) {
        int i = 0;
        for (int bound = bound(n); i < bound; i += L) store(load(z, zo + i).lanewise(VectorOperators.TANH), h, ho + i);
        for (; i < n; i++) h.setAtIndex(F, ho + i, (float) Math.tanh(z.getAtIndex(F, zo + i)));
    }

    private static void simpleForwardSigmoid(MemorySegment z, long zo, MemorySegment h, long ho, int n) {
        int i = 0;
        for (int bound = bound(n); i < bound; i += L) store(sigmoid(load(z, zo + i)), h, ho + i);
        for (; i < n; i++) h.setAtIndex(F, ho + i, sigmoid(z.getAtIndex(F, zo + i)));
    }

    /**
     * SimpleRNN step backward: dz = (dhOut + dhRec) ⊙ f'(h). {@code dhRec} is the gradient reaching
     * h from the next step ([rows, units]); {@code dhOut} (row stride {@code ldOut}) the gradient
     * from the layer's output, or null.
     */
    public static void simpleBackward(Activation f, float alpha, MemorySegment h, long ho,
                                      MemorySegment dhOut, long dho, int ldOut, MemorySegment dhRec, long dro,
                                      MemorySegment dz, long dzo, int rows, int units) {
        // with no output gradient, dhRec stands in for it with weight 0: one loop, no branch
        boolean hasOut = dhOut != null;
        MemorySegment out = hasOut ? dhOut : dhRec;
        long outOff = hasOut ? dho : dro;
        int ld = hasOut ? ldOut : units;
        float weight = hasOut ? 1f : 0f;
        // one loop per activation: vectors merged from the branches of a switch would be boxed
        switch (f) {
            case TANH -> simpleBackwardTanh(h, ho, out, outOff, ld, weight, dhRec, dro, dz, dzo, rows, units);
            case SIGMOID -> simpleBackwardSigmoid(h, ho, out, outOff, ld, weight, dhRec, dro, dz, dzo, rows, units);
            default -> {
                for (int r = 0; r < rows; r++) {
                    long row = (long) r * units, o = outOff + (long) r * ld;
                    for (int j = 0; j < units; j++) {
                        float dh = out.getAtIndex(F, o + j) * weight + dhRec.getAtIndex(F, dro + row + j);
                        dz.setAtIndex(F, dzo + row + j, dh * derivativeFromOutput(f, alpha, h.getAtIndex(F, ho + row + j)));
                    }
                }
            }
        }
    }

    private static void simpleBackwardTanh(MemorySegment h, long ho, MemorySegment out, long outOff, int ld, float weight,
                                           MemorySegment dhRec, long dro, MemorySegment dz, long dzo, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long row = (long) r * units, o = outOff + (long) r * ld;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector dh = load(out, o + j).mul(weight).add(load(dhRec, dro + row + j));
                FloatVector y = load(h, ho + row + j);
                store(dh.mul(y.mul(y).neg().add(1f)), dz, dzo + row + j);
            }
            for (; j < units; j++) {
                float dh = out.getAtIndex(F, o + j) * weight + dhRec.getAtIndex(F, dro + row + j);
                float y = h.getAtIndex(F, ho + row + j);
                dz.setAtIndex(F, dzo + row + j, dh * (1f - y * y));
            }
        }
    }

    private static void simpleBackwardSigmoid(MemorySegment h, long ho, MemorySegment out, long outOff, int ld, float weight,
                                              MemorySegment dhRec, long dro, MemorySegment dz, long dzo, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long row = (long) r * units, o = outOff + (long) r * ld;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector dh = load(out, o + j).mul(weight).add(load(dhRec, dro + row + j));
                FloatVector y = load(h, ho + row + j);
                store(dh.mul(y.mul(y.neg().add(1f))), dz, dzo + row + j);
            }
            for (; j < units; j++) {
                float dh = out.getAtIndex(F, o + j) * weight + dhRec.getAtIndex(F, dro + row + j);
                float y = h.getAtIndex(F, ho + row + j);
                dz.setAtIndex(F, dzo + row + j, dh * y * (1f - y));
            }
        }
    }

    // ---- LSTM ----------------------------------------------------------------------------------
    // Each cell kernel runs as two passes over the rows, each pass a method of its own holding its
    // vector loop and scalar remainder. One method doing everything (or a caller into which the
    // JIT inlines small parts) outgrows C2's node budget; C2 then stops intrinsifying vector
    // operations and every vector becomes a heap object, ten times slower. Methods of this size
    // are compiled on their own. Between the passes, values stay in the cache-resident rows.

    /**
     * LSTM step. {@code gates} [rows, 4·units] holds the pre-activations x·W + b + h_prev·U and is
     * overwritten with the activations i = σ, f = σ, g = tanh, o = σ, which backward needs. Writes
     * c = f ⊙ c_prev + i ⊙ g, tanhC = tanh(c) (saved for backward) and h = o ⊙ tanh(c).
     */
    public static void lstmForward(MemorySegment gates, long go, MemorySegment cPrev, long cpo,
                                   MemorySegment c, long co, MemorySegment tanhC, long tco, MemorySegment h, long ho,
                                   int rows, int units) {
        lstmActivateGates(gates, go, rows, units);
        lstmUpdateStates(gates, go, cPrev, cpo, c, co, tanhC, tco, h, ho, rows, units);
    }

    private static void lstmActivateGates(MemorySegment gates, long go, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long gr = go + (long) r * 4 * units;
            int j = 0;
            for (; j < bound; j += L) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                store(sigmoid(load(gates, gi)), gates, gi);
                store(sigmoid(load(gates, gf)), gates, gf);
                store(load(gates, gg).lanewise(VectorOperators.TANH), gates, gg);
                store(sigmoid(load(gates, gO)), gates, gO);
            }
            for (; j < units; j++) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units;
                gates.setAtIndex(F, gi, sigmoid(gates.getAtIndex(F, gi)));
                gates.setAtIndex(F, gf, sigmoid(gates.getAtIndex(F, gf)));
                gates.setAtIndex(F, gg, (float) Math.tanh(gates.getAtIndex(F, gg)));
                gates.setAtIndex(F, gO, sigmoid(gates.getAtIndex(F, gO)));
            }
        }
    }

    private static void lstmUpdateStates(MemorySegment gates, long go, MemorySegment cPrev, long cpo, MemorySegment c, long co,
                                         MemorySegment tanhC, long tco, MemorySegment h, long ho, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long gr = go + (long) r * 4 * units, sr = (long) r * units;
            int j = 0;
            for (; j < bound; j += L) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units, s = sr + j;
                FloatVector cv = load(gates, gf).fma(load(cPrev, cpo + s), load(gates, gi).mul(load(gates, gg)));
                FloatVector tc = cv.lanewise(VectorOperators.TANH);
                store(cv, c, co + s);
                store(tc, tanhC, tco + s);
                store(load(gates, gO).mul(tc), h, ho + s);
            }
            for (; j < units; j++) {
                long gi = gr + j, gf = gi + units, gg = gf + units, gO = gg + units, s = sr + j;
                float cv = gates.getAtIndex(F, gf) * cPrev.getAtIndex(F, cpo + s) + gates.getAtIndex(F, gi) * gates.getAtIndex(F, gg);
                float tc = (float) Math.tanh(cv);
                c.setAtIndex(F, co + s, cv);
                tanhC.setAtIndex(F, tco + s, tc);
                h.setAtIndex(F, ho + s, gates.getAtIndex(F, gO) * tc);
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
        // with no output gradient, dhRec stands in for it with weight 0: one loop, no branch
        boolean hasOut = dhOut != null;
        lstmOutputGrads(gates, go, tanhC, tco, hasOut ? dhOut : dhRec, hasOut ? dho : dro, hasOut ? ldOut : units, hasOut ? 1f : 0f,
                dhRec, dro, dc, dco, rows, units);
        lstmGateGrads(gates, go, cPrev, cpo, dc, dco, rows, units);
    }

    /** do, and dc += dh ⊙ o ⊙ (1 − tanh²(c)). */
    private static void lstmOutputGrads(MemorySegment gates, long go, MemorySegment tanhC, long tco, MemorySegment dhOut, long dho, int ldOut,
                                        float outWeight, MemorySegment dhRec, long dro, MemorySegment dc, long dco, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long gO = go + (long) r * 4 * units + 3L * units, sr = (long) r * units, out = dho + (long) r * ldOut;
            int j = 0;
            for (; j < bound; j += L) {
                long s = sr + j;
                FloatVector dh = load(dhOut, out + j).mul(outWeight).add(load(dhRec, dro + s));
                FloatVector o = load(gates, gO + j), tc = load(tanhC, tco + s);
                store(dh.mul(o).fma(tc.mul(tc).neg().add(1f), load(dc, dco + s)), dc, dco + s);
                store(dh.mul(tc).mul(o.mul(o.neg().add(1f))), gates, gO + j);
            }
            for (; j < units; j++) {
                long s = sr + j;
                float dh = dhOut.getAtIndex(F, out + j) * outWeight + dhRec.getAtIndex(F, dro + s);
                float o = gates.getAtIndex(F, gO + j), tc = tanhC.getAtIndex(F, tco + s);
                dc.setAtIndex(F, dco + s, dc.getAtIndex(F, dco + s) + dh * o * (1f - tc * tc));
                gates.setAtIndex(F, gO + j, dh * tc * o * (1f - o));
            }
        }
    }

    /** di, df, dg from dc; then dc ← dc ⊙ f. */
    private static void lstmGateGrads(MemorySegment gates, long go, MemorySegment cPrev, long cpo, MemorySegment dc, long dco,
                                      int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long gr = go + (long) r * 4 * units, sr = (long) r * units;
            int j = 0;
            for (; j < bound; j += L) {
                long gi = gr + j, gf = gi + units, gg = gf + units, s = sr + j;
                FloatVector dcv = load(dc, dco + s);
                FloatVector i = load(gates, gi), f = load(gates, gf), g = load(gates, gg);
                store(dcv.mul(g).mul(i.mul(i.neg().add(1f))), gates, gi);
                store(dcv.mul(load(cPrev, cpo + s)).mul(f.mul(f.neg().add(1f))), gates, gf);
                store(dcv.mul(i).mul(g.mul(g).neg().add(1f)), gates, gg);
                store(dcv.mul(f), dc, dco + s);
            }
            for (; j < units; j++) {
                long gi = gr + j, gf = gi + units, gg = gf + units, s = sr + j;
                float dcv = dc.getAtIndex(F, dco + s);
                float i = gates.getAtIndex(F, gi), f = gates.getAtIndex(F, gf), g = gates.getAtIndex(F, gg);
                gates.setAtIndex(F, gi, dcv * g * i * (1f - i));
                gates.setAtIndex(F, gf, dcv * cPrev.getAtIndex(F, cpo + s) * f * (1f - f));
                gates.setAtIndex(F, gg, dcv * i * (1f - g * g));
                dc.setAtIndex(F, dco + s, dcv * f);
            }
        }
    }

    // ---- GRU (reset gate applied after the recurrent product, Keras' reset_after=True) ----------

    /**
     * GRU step. {@code xg} [rows, 3·units] holds x·W + b_input and is overwritten with the
     * activations z, r, hh; {@code rg} [rows, 3·units] holds h_prev·U, and its candidate block gets
     * its part of the recurrent bias {@code bRec} [3·units] added in place (backward needs it).
     * Then z = σ(xz + rz), r = σ(xr + rr), hh = tanh(xh + r ⊙ rh), h = z ⊙ h_prev + (1 − z) ⊙ hh.
     */
    public static void gruForward(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment bRec, long bo,
                                  MemorySegment hPrev, long hpo, MemorySegment h, long ho, int rows, int units) {
        gruActivateGates(xg, xgo, rg, rgo, bRec, bo, rows, units);
        gruUpdateStates(xg, xgo, rg, rgo, bRec, bo, hPrev, hpo, h, ho, rows, units);
    }

    /** z and r into xg. */
    private static void gruActivateGates(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment bRec, long bo,
                                         int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long xr = xgo + (long) r * 3 * units, rr = rgo + (long) r * 3 * units;
            int j = 0;
            for (; j < bound; j += L) {
                long xz = xr + j, xrr = xz + units, rz = rr + j, rrr = rz + units;
                store(sigmoid(load(xg, xz).add(load(rg, rz)).add(load(bRec, bo + j))), xg, xz);
                store(sigmoid(load(xg, xrr).add(load(rg, rrr)).add(load(bRec, bo + units + j))), xg, xrr);
            }
            for (; j < units; j++) {
                long xz = xr + j, xrr = xz + units, rz = rr + j, rrr = rz + units;
                xg.setAtIndex(F, xz, sigmoid(xg.getAtIndex(F, xz) + rg.getAtIndex(F, rz) + bRec.getAtIndex(F, bo + j)));
                xg.setAtIndex(F, xrr, sigmoid(xg.getAtIndex(F, xrr) + rg.getAtIndex(F, rrr) + bRec.getAtIndex(F, bo + units + j)));
            }
        }
    }

    /** rh (with bias) into rg, hh into xg, and h. */
    private static void gruUpdateStates(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment bRec, long bo,
                                        MemorySegment hPrev, long hpo, MemorySegment h, long ho, int rows, int units) {
        int bound = bound(units);
        long bh = bo + 2L * units;
        for (int r = 0; r < rows; r++) {
            long xz = xgo + (long) r * 3 * units, xrr = xz + units, xh = xrr + units, rh = rgo + (long) r * 3 * units + 2L * units;
            long sr = (long) r * units;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector rhv = load(rg, rh + j).add(load(bRec, bh + j));
                FloatVector hh = load(xg, xrr + j).fma(rhv, load(xg, xh + j)).lanewise(VectorOperators.TANH);
                store(rhv, rg, rh + j);
                store(hh, xg, xh + j);
                store(load(xg, xz + j).fma(load(hPrev, hpo + sr + j).sub(hh), hh), h, ho + sr + j);
            }
            for (; j < units; j++) {
                float rhv = rg.getAtIndex(F, rh + j) + bRec.getAtIndex(F, bh + j);
                float hh = (float) Math.tanh(xg.getAtIndex(F, xh + j) + xg.getAtIndex(F, xrr + j) * rhv);
                rg.setAtIndex(F, rh + j, rhv);
                xg.setAtIndex(F, xh + j, hh);
                h.setAtIndex(F, ho + sr + j, xg.getAtIndex(F, xz + j) * (hPrev.getAtIndex(F, hpo + sr + j) - hh) + hh);
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
        boolean hasOut = dhOut != null;
        gruUpdateGateGrads(xg, xgo, rg, rgo, hPrev, hpo, hasOut ? dhOut : dhRec, hasOut ? dho : dro, hasOut ? ldOut : units, hasOut ? 1f : 0f,
                dhRec, dro, rows, units);
        gruResetGateGrads(xg, xgo, rg, rgo, rows, units);
    }

    /** dz (into xg and rg), dah (into xg's candidate block), dh ⊙ z (into dhRec). */
    private static void gruUpdateGateGrads(MemorySegment xg, long xgo, MemorySegment rg, long rgo, MemorySegment hPrev, long hpo,
                                           MemorySegment dhOut, long dho, int ldOut, float outWeight, MemorySegment dhRec, long dro,
                                           int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long xz = xgo + (long) r * 3 * units, xh = xz + 2L * units, rz = rgo + (long) r * 3 * units;
            long sr = (long) r * units, out = dho + (long) r * ldOut;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector dh = load(dhOut, out + j).mul(outWeight).add(load(dhRec, dro + sr + j));
                FloatVector z = load(xg, xz + j), hh = load(xg, xh + j);
                FloatVector dz = dh.mul(load(hPrev, hpo + sr + j).sub(hh)).mul(z.mul(z.neg().add(1f)));
                store(dz, xg, xz + j);
                store(dz, rg, rz + j);
                store(dh.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f)), xg, xh + j);
                store(dh.mul(z), dhRec, dro + sr + j);
            }
            for (; j < units; j++) {
                float dh = dhOut.getAtIndex(F, out + j) * outWeight + dhRec.getAtIndex(F, dro + sr + j);
                float z = xg.getAtIndex(F, xz + j), hh = xg.getAtIndex(F, xh + j);
                float dz = dh * (hPrev.getAtIndex(F, hpo + sr + j) - hh) * z * (1f - z);
                xg.setAtIndex(F, xz + j, dz);
                rg.setAtIndex(F, rz + j, dz);
                xg.setAtIndex(F, xh + j, dh * (1f - z) * (1f - hh * hh));
                dhRec.setAtIndex(F, dro + sr + j, dh * z);
            }
        }
    }

    /** dr (into xg and rg) and dah ⊙ r (into rg's candidate block), from dah. */
    private static void gruResetGateGrads(MemorySegment xg, long xgo, MemorySegment rg, long rgo, int rows, int units) {
        int bound = bound(units);
        for (int r = 0; r < rows; r++) {
            long xrr = xgo + (long) r * 3 * units + units, xh = xrr + units, rrr = rgo + (long) r * 3 * units + units, rh = rrr + units;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector rs = load(xg, xrr + j), dah = load(xg, xh + j);
                FloatVector dr = dah.mul(load(rg, rh + j)).mul(rs.mul(rs.neg().add(1f)));
                store(dr, xg, xrr + j);
                store(dr, rg, rrr + j);
                store(dah.mul(rs), rg, rh + j);
            }
            for (; j < units; j++) {
                float rs = xg.getAtIndex(F, xrr + j), dah = xg.getAtIndex(F, xh + j);
                float dr = dah * rg.getAtIndex(F, rh + j) * rs * (1f - rs);
                xg.setAtIndex(F, xrr + j, dr);
                rg.setAtIndex(F, rrr + j, dr);
                rg.setAtIndex(F, rh + j, dah * rs);
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
        for (int bound = bound(n); i < bound; i += L) store(load(dst, dOff + i).add(load(src, so + i)), dst, dOff + i);
        for (; i < n; i++) dst.setAtIndex(F, dOff + i, dst.getAtIndex(F, dOff + i) + src.getAtIndex(F, so + i));
    }

    // ---- vector helpers ------------------------------------------------------------------------

    private static FloatVector load(MemorySegment s, long index) {
        return Simd.load(s, index);
    }

    private static void store(FloatVector v, MemorySegment s, long index) {
        Simd.store(v, s, index);
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
