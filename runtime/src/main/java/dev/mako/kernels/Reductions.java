package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.ORDER;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.tail;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.MAX;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions. Axis reductions view the input as {@code [outer, len, inner]} (row-major) and
 * reduce the middle axis into {@code [outer, inner]}; the output must not overlap the input.
 *
 * <p><b>Precision.</b> The scalar path sums in double. The vector path of {@link #sum},
 * {@link #dot} and {@link #sumOfSquares} (and of row sums, {@code inner == 1}) adds in four float
 * vector accumulators over blocks of {@value #BLOCK} floats, then carries each block's partial
 * sum in a double: an error of at most BLOCK / (4·lanes) + log2(4·lanes) float roundings of Σ|x|
 * (22 with 16 lanes; typically far less), at the speed of float adds. Column sums ({@code inner > 1})
 * add at most {@value #COLUMN_BLOCK} numbers of a column in a float lane before carrying them into a
 * double per column, since a column of {@code len} numbers is one long dependent chain. They use no
 * double vectors: converting between float and double vectors went through the Vector API's generic
 * code, where C2, seeing float, double and int vectors, sometimes left the vectors boxed.
 *
 * <p><b>NaN.</b> {@link #max} and {@link #maxAxis} propagate NaN like {@link Math#max};
 * {@link #argmax} and {@link #argmaxAxis} skip NaN (a NaN never compares larger) and return the
 * first largest index, or 0 when no element is larger than -∞.
 */
public final class Reductions {
    private Reductions() {}

    /** Floats summed in float vector registers before the partial sum is carried in a double. */
    static final int BLOCK = 1024;

    /** Rows of a column summed in a float lane before they are carried into a double. */
    static final int COLUMN_BLOCK = 64;
    /** Columns of a group summed at once: four vectors. */
    private static final int GROUP = 4 * L;

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

    /**
     * Column sums of a len × inner matrix (see the class comment on precision). Few columns whose
     * rows tile whole vectors ({@link #periodicColumnSums}) are summed as a flat array; others in
     * groups of four vectors of columns, then vector by vector with a mask. Each loop has a
     * method of its own: with all of them in one, C2 hit its node limit before inlining the
     * loads, and the vectors the loads returned were boxed (tens of KB per call).
     */
    private static void sumColumns(MemorySegment x, long xo, int len, int inner, MemorySegment out, long oo, boolean accumulate) {
        if (inner == 0) return;
        MemorySegment scratch = ThreadScratch.floats(ThreadScratch.Slot.COLUMN_SUMS, 3L * GROUP);
        int chunk = periodicChunk(inner);
        if (chunk > 0) {
            clearCarries(scratch, inner);
            periodicColumnSums(x, xo, len, inner, chunk, scratch);
            storeCarries(scratch, inner, out, oo, accumulate);
            return;
        }
        int j = 0;
        for (; j + GROUP <= inner; j += GROUP) {
            clearCarries(scratch, GROUP);
            groupColumnSums(x, xo + j, len, inner, scratch);
            storeCarries(scratch, GROUP, out, oo + j, accumulate);
        }
        for (; j < inner; j += L) {
            int columns = Math.min(L, inner - j);
            clearCarries(scratch, columns);
            maskedColumnSums(x, xo + j, len, inner, columns, scratch);
            storeCarries(scratch, columns, out, oo + j, accumulate);
        }
    }

    /** Adds the sums of columns [0, GROUP) from x (rows inner floats apart) to scratch's carries. */
    private static void groupColumnSums(MemorySegment x, long xo, int len, int inner, MemorySegment scratch) {
        for (int l0 = 0; l0 < len; l0 += COLUMN_BLOCK) {
            int l1 = Math.min(len, l0 + COLUMN_BLOCK);
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int l = l0; l < l1; l++) {
                long row = (xo + (long) l * inner) * Float.BYTES;
                s0 = s0.add(FloatVector.fromMemorySegment(S, x, row, ORDER));
                s1 = s1.add(FloatVector.fromMemorySegment(S, x, row + (long) L * Float.BYTES, ORDER));
                s2 = s2.add(FloatVector.fromMemorySegment(S, x, row + 2L * L * Float.BYTES, ORDER));
                s3 = s3.add(FloatVector.fromMemorySegment(S, x, row + 3L * L * Float.BYTES, ORDER));
            }
            // The partials go through scratch, not a helper: one taking the vectors might be left out of line and box them.
            s0.intoMemorySegment(scratch, 0, ORDER);
            s1.intoMemorySegment(scratch, (long) L * Float.BYTES, ORDER);
            s2.intoMemorySegment(scratch, 2L * L * Float.BYTES, ORDER);
            s3.intoMemorySegment(scratch, 3L * L * Float.BYTES, ORDER);
            for (int c = 0; c < GROUP; c++) addCarry(scratch, c, scratch.getAtIndex(F, c));
        }
    }

    /** Adds the sums of columns [0, columns), at most one vector, to scratch's carries. */
    private static void maskedColumnSums(MemorySegment x, long xo, int len, int inner, int columns, MemorySegment scratch) {
        VectorMask<Float> m = S.indexInRange(0, columns);
        for (int l0 = 0; l0 < len; l0 += COLUMN_BLOCK) {
            int l1 = Math.min(len, l0 + COLUMN_BLOCK);
            FloatVector s = FloatVector.zero(S);
            for (int l = l0; l < l1; l++) s = s.add(FloatVector.fromMemorySegment(S, x, (xo + (long) l * inner) * Float.BYTES, ORDER, m));
            s.intoMemorySegment(scratch, 0, ORDER);
            for (int c = 0; c < columns; c++) addCarry(scratch, c, scratch.getAtIndex(F, c));
        }
    }

    /**
     * Floats per step of {@link #periodicColumnSums} for rows of {@code inner} columns: a whole
     * number of rows that is also three or four whole vectors (6 columns with 16 lanes: 48 floats,
     * 8 rows); 0 when no such step exists.
     */
    static int periodicChunk(int inner) {
        int period = inner / gcd(inner, L) * L; // lcm(inner, L)
        return period > GROUP ? 0 : period * (GROUP / period);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Adds to scratch's carries the column sums of a matrix whose rows tile {@code chunk} floats: the
     * matrix read as one flat array, {@code chunk / L} vectors per step, lane t of vector r holding
     * column (r·L + t) mod inner.
     */
    private static void periodicColumnSums(MemorySegment x, long xo, int len, int inner, int chunk, MemorySegment scratch) {
        long total = (long) len * inner, steps = total / chunk;
        boolean four = chunk == GROUP;
        for (long q0 = 0; q0 < steps; q0 += COLUMN_BLOCK) {
            long q1 = Math.min(steps, q0 + COLUMN_BLOCK);
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (long q = q0; q < q1; q++) {
                long at = (xo + q * chunk) * Float.BYTES;
                s0 = s0.add(FloatVector.fromMemorySegment(S, x, at, ORDER));
                s1 = s1.add(FloatVector.fromMemorySegment(S, x, at + (long) L * Float.BYTES, ORDER));
                s2 = s2.add(FloatVector.fromMemorySegment(S, x, at + 2L * L * Float.BYTES, ORDER));
                if (four) s3 = s3.add(FloatVector.fromMemorySegment(S, x, at + 3L * L * Float.BYTES, ORDER));
            }
            s0.intoMemorySegment(scratch, 0, ORDER);
            s1.intoMemorySegment(scratch, (long) L * Float.BYTES, ORDER);
            s2.intoMemorySegment(scratch, 2L * L * Float.BYTES, ORDER);
            s3.intoMemorySegment(scratch, 3L * L * Float.BYTES, ORDER);
            for (int t = 0; t < chunk; t++) addCarry(scratch, t % inner, scratch.getAtIndex(F, t));
        }
        for (long i = steps * chunk; i < total; i++) addCarry(scratch, (int) (i % inner), x.getAtIndex(F, xo + i)); // rows after the last step
    }

    // Scratch: a group's float partials, then one double carry per column (from double index GROUP / 2).

    private static void clearCarries(MemorySegment scratch, int columns) {
        for (int c = 0; c < columns; c++) scratch.setAtIndex(JAVA_DOUBLE, GROUP / 2 + c, 0d);
    }

    private static void addCarry(MemorySegment scratch, int column, float partial) {
        long at = GROUP / 2 + column;
        scratch.setAtIndex(JAVA_DOUBLE, at, scratch.getAtIndex(JAVA_DOUBLE, at) + partial);
    }

    private static void storeCarries(MemorySegment scratch, int columns, MemorySegment out, long oo, boolean accumulate) {
        for (int c = 0; c < columns; c++) {
            double s = scratch.getAtIndex(JAVA_DOUBLE, GROUP / 2 + c);
            if (accumulate) s += out.getAtIndex(F, oo + c);
            out.setAtIndex(F, oo + c, (float) s);
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
