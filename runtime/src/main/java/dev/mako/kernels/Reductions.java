package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reductions. Axis reductions view the input as {@code [outer, len, inner]} (row-major) and
 * reduce the middle axis into {@code [outer, inner]}.
 */
public final class Reductions {
    private Reductions() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    public static float sum(MemorySegment x, long xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x.getAtIndex(F, xo + i);
        return (float) s;
    }

    public static float dot(MemorySegment a, long ao, MemorySegment b, long bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i);
        return (float) s;
    }

    public static float sumOfSquares(MemorySegment x, long xo, int n) {
        return dot(x, xo, x, xo, n);
    }

    public static float max(MemorySegment x, long xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x.getAtIndex(F, xo + i));
        return m;
    }

    /** Index of the first largest element. */
    public static int argmax(MemorySegment x, long xo, int n) {
        int best = 0;
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x.getAtIndex(F, xo + i);
            if (v > m) { m = v; best = i; }
        }
        return best;
    }

    /** out[o, i] = (accumulate ? out : 0) + Σ_l x[o, l, i] */
    public static void sumAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo, boolean accumulate) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double s = accumulate ? out.getAtIndex(F, oo + (long) o * inner + i) : 0;
                for (int l = 0; l < len; l++) s += x.getAtIndex(F, xo + ((long) o * len + l) * inner + i);
                out.setAtIndex(F, oo + (long) o * inner + i, (float) s);
            }
        }
    }

    /** out[o, i] = mean_l x[o, l, i] */
    public static void meanAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo) {
        sumAxis(x, xo, outer, len, inner, out, oo, false);
        Elementwise.mulScalar(out, oo, 1f / len, out, oo, outer * inner);
    }

    /** out[o, i] = max_l x[o, l, i] */
    public static void maxAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) m = Math.max(m, x.getAtIndex(F, xo + ((long) o * len + l) * inner + i));
                out.setAtIndex(F, oo + (long) o * inner + i, m);
            }
        }
    }

    /** out[o * inner + i] = argmax_l x[o, l, i] */
    public static void argmaxAxis(MemorySegment x, long xo, int outer, int len, int inner, int[] out) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float m = Float.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    float v = x.getAtIndex(F, xo + ((long) o * len + l) * inner + i);
                    if (v > m) { m = v; best = l; }
                }
                out[o * inner + i] = best;
            }
        }
    }
}
