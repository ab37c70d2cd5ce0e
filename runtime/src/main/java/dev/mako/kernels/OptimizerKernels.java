package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates over contiguous float runs {@code (segment, offset in floats, length)}:
 * one pass reads the gradient, updates the state and writes the parameter.
 *
 * <p>Every update takes {@code decay}, the factor of decoupled weight decay: the parameter is
 * first multiplied by it ({@code p ← decay·p}, where {@code decay = 1 − lr·weightDecay}, or 1 for
 * none), then the rule's step is applied. That is the order of Keras' {@code weight_decay}
 * (decay the variable, then run the update step), fused into the same pass.
 *
 * <p>The vector loop and the scalar tail compute the same expression in the same order (no FMA),
 * so results do not depend on where an element falls. {@code -Dmako.simd=false} runs the scalar
 * code only. Loads are the Vector API's own calls, not a helper returning the vector: once such a
 * helper had a C2 compilation of its own, later callers could leave it out of line and box what it
 * returned (Adagrad with clipvalue: 18 KB per step in one test JVM).
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("mako.simd"));

    /** Plain gradient descent: p = decay·p − lr·g. */
    public static void sgd(MemorySegment p, long po, MemorySegment g, long go, int n, float lr, float decay) {
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromMemorySegment(S, p, (po + i) * 4, ORDER), gv = FloatVector.fromMemorySegment(S, g, (go + i) * 4, ORDER);
                pv.mul(decay).sub(gv.mul(lr)).intoMemorySegment(p, (po + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            p.setAtIndex(F, po + i, decay * p.getAtIndex(F, po + i) - lr * g.getAtIndex(F, go + i));
        }
    }

    /**
     * Momentum in Keras' form: v = μ·v − lr·g, then p = decay·p + v, or with Nesterov
     * p = decay·p + μ·v − lr·g (v already updated).
     */
    public static void momentum(MemorySegment p, long po, MemorySegment g, long go, MemorySegment v, long vo, int n,
                                float lr, float mu, boolean nesterov, float decay) {
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromMemorySegment(S, g, (go + i) * 4, ORDER);
                FloatVector lrg = gv.mul(lr);
                FloatVector vv = FloatVector.fromMemorySegment(S, v, (vo + i) * 4, ORDER).mul(mu).sub(lrg);
                vv.intoMemorySegment(v, (vo + i) * 4, ORDER);
                FloatVector step = nesterov ? vv.mul(mu).sub(lrg) : vv;
                FloatVector.fromMemorySegment(S, p, (po + i) * 4, ORDER).mul(decay).add(step).intoMemorySegment(p, (po + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float lrg = lr * g.getAtIndex(F, go + i);
            float vi = v.getAtIndex(F, vo + i) * mu - lrg;
            v.setAtIndex(F, vo + i, vi);
            float step = nesterov ? vi * mu - lrg : vi;
            p.setAtIndex(F, po + i, decay * p.getAtIndex(F, po + i) + step);
        }
    }

    /** Adagrad in Keras' form: a += g², p = decay·p − lr·g / sqrt(a + ε). */
    public static void adagrad(MemorySegment p, long po, MemorySegment g, long go, MemorySegment a, long ao, int n,
                               float lr, float epsilon, float decay) {
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromMemorySegment(S, g, (go + i) * 4, ORDER);
                FloatVector av = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, ORDER).add(gv.mul(gv));
                av.intoMemorySegment(a, (ao + i) * 4, ORDER);
                FloatVector step = gv.mul(lr).div(av.add(epsilon).lanewise(VectorOperators.SQRT));
                FloatVector.fromMemorySegment(S, p, (po + i) * 4, ORDER).mul(decay).sub(step).intoMemorySegment(p, (po + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float gi = g.getAtIndex(F, go + i);
            float ai = a.getAtIndex(F, ao + i) + gi * gi;
            a.setAtIndex(F, ao + i, ai);
            float step = gi * lr / (float) Math.sqrt(ai + epsilon);
            p.setAtIndex(F, po + i, decay * p.getAtIndex(F, po + i) - step);
        }
    }

    /** RMSprop in Keras' form: s = ρ·s + (1 − ρ)·g², p = decay·p − lr·g / sqrt(s + ε). */
    public static void rmsprop(MemorySegment p, long po, MemorySegment g, long go, MemorySegment s, long so, int n,
                               float lr, float rho, float epsilon, float decay) {
        float oneMinusRho = 1f - rho;
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromMemorySegment(S, g, (go + i) * 4, ORDER);
                FloatVector sv = FloatVector.fromMemorySegment(S, s, (so + i) * 4, ORDER).mul(rho).add(gv.mul(gv).mul(oneMinusRho));
                sv.intoMemorySegment(s, (so + i) * 4, ORDER);
                FloatVector step = gv.mul(lr).div(sv.add(epsilon).lanewise(VectorOperators.SQRT));
                FloatVector.fromMemorySegment(S, p, (po + i) * 4, ORDER).mul(decay).sub(step).intoMemorySegment(p, (po + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float gi = g.getAtIndex(F, go + i);
            float si = s.getAtIndex(F, so + i) * rho + gi * gi * oneMinusRho;
            s.setAtIndex(F, so + i, si);
            float step = gi * lr / (float) Math.sqrt(si + epsilon);
            p.setAtIndex(F, po + i, decay * p.getAtIndex(F, po + i) - step);
        }
    }

    /**
     * Adam in Keras' form: m += (g − m)(1 − β1), v += (g² − v)(1 − β2),
     * p = decay·p − α·m / (sqrt(v) + ε), where the caller folds the bias corrections into
     * {@code alpha = lr·sqrt(1 − β2^t) / (1 − β1^t)}. With decay = 1 − lr·wd this is AdamW.
     */
    public static void adam(MemorySegment p, long po, MemorySegment g, long go, MemorySegment m, long mo,
                            MemorySegment v, long vo, int n, float alpha, float beta1, float beta2, float epsilon, float decay) {
        float c1 = 1f - beta1, c2 = 1f - beta2;
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromMemorySegment(S, g, (go + i) * 4, ORDER);
                FloatVector mv = FloatVector.fromMemorySegment(S, m, (mo + i) * 4, ORDER);
                mv = mv.add(gv.sub(mv).mul(c1));
                mv.intoMemorySegment(m, (mo + i) * 4, ORDER);
                FloatVector vv = FloatVector.fromMemorySegment(S, v, (vo + i) * 4, ORDER);
                vv = vv.add(gv.mul(gv).sub(vv).mul(c2));
                vv.intoMemorySegment(v, (vo + i) * 4, ORDER);
                FloatVector step = mv.mul(alpha).div(vv.lanewise(VectorOperators.SQRT).add(epsilon));
                FloatVector.fromMemorySegment(S, p, (po + i) * 4, ORDER).mul(decay).sub(step).intoMemorySegment(p, (po + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float gi = g.getAtIndex(F, go + i);
            float mi = m.getAtIndex(F, mo + i);
            mi = mi + (gi - mi) * c1;
            m.setAtIndex(F, mo + i, mi);
            float vi = v.getAtIndex(F, vo + i);
            vi = vi + (gi * gi - vi) * c2;
            v.setAtIndex(F, vo + i, vi);
            float step = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
            p.setAtIndex(F, po + i, decay * p.getAtIndex(F, po + i) - step);
        }
    }

    /** x = clamp(x, −limit, limit) in place (Keras' {@code clipvalue}). NaN stays NaN. */
    public static void clipByValue(MemorySegment x, long xo, int n, float limit) {
        float lo = -limit;
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector xv = FloatVector.fromMemorySegment(S, x, (xo + i) * 4, ORDER);
                // compare-and-blend rather than min/max, so a NaN gradient is not silently clipped to a number
                xv = xv.blend(limit, xv.compare(VectorOperators.GT, limit)).blend(lo, xv.compare(VectorOperators.LT, lo));
                xv.intoMemorySegment(x, (xo + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float xi = x.getAtIndex(F, xo + i);
            if (xi > limit) xi = limit;
            else if (xi < lo) xi = lo;
            x.setAtIndex(F, xo + i, xi);
        }
    }

    /** x = s·x in place (gradient clipping by norm). */
    public static void scale(MemorySegment x, long xo, int n, float s) {
        int i = 0;
        if (SIMD) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector.fromMemorySegment(S, x, (xo + i) * 4, ORDER).mul(s).intoMemorySegment(x, (xo + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) x.setAtIndex(F, xo + i, x.getAtIndex(F, xo + i) * s);
    }
}
