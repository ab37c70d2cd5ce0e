package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.tail;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.MAX;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions. Axis reductions view the input as {@code [outer, len, inner]} (row-major) and
 * reduce the middle axis into {@code [outer, inner]}; the output must not overlap the input.
 *
 * <p><b>Precision.</b> The scalar path sums in double. The vector path of {@link #sum},
 * {@link #dot} and {@link #sumOfSquares} (and of row sums, {@code inner == 1}) adds in four float
 * vector accumulators over blocks of {@value #BLOCK} floats, then carries each block's partial
 * sum in a double: an error of at most BLOCK / (4·lanes) + log2(4·lanes) float roundings of Σ|x|
 * (22 with 16 lanes; typically far less), at the speed of float adds. Column sums ({@code inner > 1}) accumulate each column in double
 * lanes, since a column of {@code len} numbers is one long dependent chain.
 *
 * <p><b>NaN.</b> {@link #max} and {@link #maxAxis} propagate NaN like {@link Math#max};
 * {@link #argmax} and {@link #argmaxAxis} skip NaN (a NaN never compares larger) and return the
 * first largest index, or 0 when no element is larger than -∞.
 */
public final class Reductions {
    private Reductions() {}

    /** Floats summed in float vector registers before the partial sum is carried in a double. */
    static final int BLOCK = 1024;

    /** Double lanes for column sums, fed by a float species with the same number of lanes. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> H = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int HL = H.length();

    private static final VectorSpecies<Integer> I = S.withLanes(int.class);

    public static float sum(MemorySegment x, long xo, int n) {
        return (float) sumToDouble(x, xo, n);
    }

    public static float dot(MemorySegment a, long ao, MemorySegment b, long bo, int n) {
        return (float) dotToDouble(a, ao, b, bo, n);
    }

    public static float sumOfSquares(MemorySegment x, long xo, int n) {
        return dot(x, xo, x, xo, n);
    }

    /** The largest element, NaN if any is NaN, -∞ if n == 0. */
    public static float max(MemorySegment x, long xo, int n) {
        if (!ENABLED) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) m = Math.max(m, x.getAtIndex(F, xo + i));
            return m;
        }
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (int end = n & -(4 * L); i < end; i += 4 * L) {
            m0 = m0.max(load(x, xo + i));
            m1 = m1.max(load(x, xo + i + L));
            m2 = m2.max(load(x, xo + i + 2 * L));
            m3 = m3.max(load(x, xo + i + 3 * L));
        }
        m0 = m0.max(m1).max(m2.max(m3));
        for (int end = S.loopBound(n); i < end; i += L) m0 = m0.max(load(x, xo + i));
        if (i == n) return m0.reduceLanes(MAX);
        VectorMask<Float> m = tail(i, n);
        return m0.lanewise(MAX, load(x, xo + i, m), m).reduceLanes(MAX);
    }

    /** Index of the first largest element. */
    public static int argmax(MemorySegment x, long xo, int n) {
        if (!ENABLED) {
            int best = 0;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                float v = x.getAtIndex(F, xo + i);
                if (v > m) { m = v; best = i; }
            }
            return best;
        }
        // Pass 1: the largest value, skipping NaN. Pass 2: where it first occurs.
        FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = load(x, xo + i);
            best = best.blend(v, v.compare(GT, best));
        }
        float m;
        if (i < n) {
            VectorMask<Float> t = tail(i, n);
            FloatVector v = load(x, xo + i, t);
            m = best.blend(v, v.compare(GT, best).and(t)).reduceLanes(MAX);
        } else {
            m = best.reduceLanes(MAX);
        }
        if (m == Float.NEGATIVE_INFINITY) return 0;
        i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            VectorMask<Float> hit = load(x, xo + i).compare(EQ, m);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        VectorMask<Float> t = tail(i, n);
        return i + load(x, xo + i, t).compare(EQ, m).and(t).firstTrue();
    }

    /** out[o, i] = (accumulate ? out : 0) + Σ_l x[o, l, i] */
    public static void sumAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo, boolean accumulate) {
        if (!ENABLED) {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double s = accumulate ? out.getAtIndex(F, oo + (long) o * inner + i) : 0;
                    for (int l = 0; l < len; l++) s += x.getAtIndex(F, xo + ((long) o * len + l) * inner + i);
                    out.setAtIndex(F, oo + (long) o * inner + i, (float) s);
                }
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            long xr = xo + (long) o * len * inner, or = oo + (long) o * inner;
            if (inner == 1) {
                double s = sumToDouble(x, xr, len);
                if (accumulate) s += out.getAtIndex(F, or);
                out.setAtIndex(F, or, (float) s);
            } else {
                sumColumns(x, xr, len, inner, out, or, accumulate);
            }
        }
    }

    /** out[o, i] = mean_l x[o, l, i] */
    public static void meanAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo) {
        sumAxis(x, xo, outer, len, inner, out, oo, false);
        Elementwise.mulScalar(out, oo, 1f / len, out, oo, outer * inner);
    }

    /** out[o, i] = max_l x[o, l, i] (NaN propagates; -∞ when len == 0) */
    public static void maxAxis(MemorySegment x, long xo, int outer, int len, int inner, MemorySegment out, long oo) {
        if (!ENABLED) {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int l = 0; l < len; l++) m = Math.max(m, x.getAtIndex(F, xo + ((long) o * len + l) * inner + i));
                    out.setAtIndex(F, oo + (long) o * inner + i, m);
                }
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            long xr = xo + (long) o * len * inner, or = oo + (long) o * inner;
            if (inner == 1) {
                out.setAtIndex(F, or, max(x, xr, len));
            } else if (len == 0) {
                Elementwise.fill(out, or, inner, Float.NEGATIVE_INFINITY);
            } else {
                // max is exact, so the output row itself can carry the running maximum
                Elementwise.copy(x, xr, out, or, inner);
                for (int l = 1; l < len; l++) Elementwise.max(out, or, x, xr + (long) l * inner, out, or, inner);
            }
        }
    }

    /** out[o * inner + i] = argmax_l x[o, l, i] (first largest; NaN skipped) */
    public static void argmaxAxis(MemorySegment x, long xo, int outer, int len, int inner, int[] out) {
        if (!ENABLED) {
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
            return;
        }
        for (int o = 0; o < outer; o++) {
            long xr = xo + (long) o * len * inner;
            if (inner == 1) {
                out[o] = argmax(x, xr, len);
            } else {
                argmaxColumns(x, xr, len, inner, out, o * inner);
            }
        }
    }

    // ---- vector helpers ---------------------------------------------------------------------------

    static double sumToDouble(MemorySegment x, long xo, int n) {
        if (!ENABLED) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x.getAtIndex(F, xo + i);
            return s;
        }
        double total = 0;
        int i = 0;
        for (int end4 = n & -(4 * L); i < end4; ) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int blockEnd = Math.min(end4, i + BLOCK); i < blockEnd; i += 4 * L) {
                s0 = s0.add(load(x, xo + i));
                s1 = s1.add(load(x, xo + i + L));
                s2 = s2.add(load(x, xo + i + 2 * L));
                s3 = s3.add(load(x, xo + i + 3 * L));
            }
            total += s0.add(s1).add(s2.add(s3)).reduceLanes(ADD);
        }
        FloatVector s = FloatVector.zero(S);
        for (int end = S.loopBound(n); i < end; i += L) s = s.add(load(x, xo + i));
        if (i == n) return total + s.reduceLanes(ADD);
        return total + s.add(load(x, xo + i, tail(i, n))).reduceLanes(ADD);
    }

    static double dotToDouble(MemorySegment a, long ao, MemorySegment b, long bo, int n) {
        if (!ENABLED) {
            double s = 0;
            for (int i = 0; i < n; i++) s += (double) a.getAtIndex(F, ao + i) * b.getAtIndex(F, bo + i);
            return s;
        }
        double total = 0;
        int i = 0;
        for (int end4 = n & -(4 * L); i < end4; ) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int blockEnd = Math.min(end4, i + BLOCK); i < blockEnd; i += 4 * L) {
                s0 = load(a, ao + i).fma(load(b, bo + i), s0);
                s1 = load(a, ao + i + L).fma(load(b, bo + i + L), s1);
                s2 = load(a, ao + i + 2 * L).fma(load(b, bo + i + 2 * L), s2);
                s3 = load(a, ao + i + 3 * L).fma(load(b, bo + i + 3 * L), s3);
            }
            total += s0.add(s1).add(s2.add(s3)).reduceLanes(ADD);
        }
        FloatVector s = FloatVector.zero(S);
        for (int end = S.loopBound(n); i < end; i += L) s = load(a, ao + i).fma(load(b, bo + i), s);
        if (i == n) return total + s.reduceLanes(ADD);
        VectorMask<Float> m = tail(i, n);
        return total + load(a, ao + i, m).fma(load(b, bo + i, m), s).reduceLanes(ADD);
    }

    /** Column sums of a len × inner matrix in double lanes, four column groups at a time. */
    private static void sumColumns(MemorySegment x, long xo, int len, int inner, MemorySegment out, long oo, boolean accumulate) {
        int j = 0;
        for (int end = inner - inner % (4 * HL); j < end; j += 4 * HL) {
            DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
            for (int l = 0; l < len; l++) {
                long row = xo + (long) l * inner + j;
                s0 = s0.add(loadAsDouble(x, row));
                s1 = s1.add(loadAsDouble(x, row + HL));
                s2 = s2.add(loadAsDouble(x, row + 2 * HL));
                s3 = s3.add(loadAsDouble(x, row + 3 * HL));
            }
            storeColumnSum(s0, out, oo + j, accumulate);
            storeColumnSum(s1, out, oo + j + HL, accumulate);
            storeColumnSum(s2, out, oo + j + 2 * HL, accumulate);
            storeColumnSum(s3, out, oo + j + 3 * HL, accumulate);
        }
        for (; j < inner; j += HL) {
            VectorMask<Float> m = H.indexInRange(j, inner);
            DoubleVector s = DoubleVector.zero(D);
            for (int l = 0; l < len; l++) {
                s = s.add(FloatVector.fromMemorySegment(H, x, (xo + (long) l * inner + j) * 4, ORDER, m).castShape(D, 0));
            }
            if (accumulate) {
                s.add(FloatVector.fromMemorySegment(H, out, (oo + j) * 4, ORDER, m).castShape(D, 0))
                        .castShape(H, 0).intoMemorySegment(out, (oo + j) * 4, ORDER, m);
            } else {
                s.castShape(H, 0).intoMemorySegment(out, (oo + j) * 4, ORDER, m);
            }
        }
    }

    private static DoubleVector loadAsDouble(MemorySegment x, long index) {
        return (DoubleVector) FloatVector.fromMemorySegment(H, x, index * 4, ORDER).castShape(D, 0);
    }

    private static void storeColumnSum(DoubleVector s, MemorySegment out, long index, boolean accumulate) {
        if (accumulate) {
            s.add(loadAsDouble(out, index)).castShape(H, 0).intoMemorySegment(out, index * 4, ORDER);
        } else {
            s.castShape(H, 0).intoMemorySegment(out, index * 4, ORDER);
        }
    }

    /** Per-column argmax of a len × inner matrix: running best value and its row, lane by lane. */
    private static void argmaxColumns(MemorySegment x, long xo, int len, int inner, int[] out, int outOff) {
        FloatVector negInf = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        IntVector zero = IntVector.zero(I);
        int j = 0;
        for (int end = S.loopBound(inner); j < end; j += L) {
            FloatVector best = negInf;
            IntVector at = zero;
            for (int l = 0; l < len; l++) {
                FloatVector v = load(x, xo + (long) l * inner + j);
                VectorMask<Float> gt = v.compare(GT, best);
                best = best.blend(v, gt);
                at = at.blend(l, gt.cast(I));
            }
            at.intoArray(out, outOff + j);
        }
        if (j < inner) {
            VectorMask<Float> m = tail(j, inner);
            FloatVector best = negInf;
            IntVector at = zero;
            for (int l = 0; l < len; l++) {
                FloatVector v = load(x, xo + (long) l * inner + j, m);
                VectorMask<Float> gt = v.compare(GT, best);
                best = best.blend(v, gt);
                at = at.blend(l, gt.cast(I));
            }
            at.intoArray(out, outOff + j, m.cast(I));
        }
    }
}
