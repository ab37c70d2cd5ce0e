package dev.mako.kernels;

import java.util.List;

/**
 * The per-shape backend choice, precomputed from calibration timings into a table indexed by
 * ⌊log2 m⌋, ⌊log2 n⌋, ⌊log2 k⌋ (each capped at 15), so a lookup is three bit scans and one array
 * read. Each cell takes the winner of the calibrated shape nearest to the cell's centre in
 * log2-dimension space (L1 distance); ties go to the earlier shape in the calibration list. Calls
 * inside pool tasks take the Java kernel without asking the table.
 */
final class GemmDispatchTable {
    private static final int BITS = 16;
    private final boolean[] openBlas = new boolean[BITS * BITS * BITS];

    private GemmDispatchTable() {}

    /** Every shape to the Java kernel: no OpenBLAS, or nothing measured. */
    static GemmDispatchTable allJava() {
        return new GemmDispatchTable();
    }

    static GemmDispatchTable from(List<GemmTiming> timings) {
        GemmDispatchTable t = new GemmDispatchTable();
        if (timings.isEmpty()) return t;
        for (int i = 0; i < BITS; i++) {
            for (int j = 0; j < BITS; j++) {
                for (int l = 0; l < BITS; l++) {
                    GemmTiming near = nearest(timings, i + 0.5, j + 0.5, l + 0.5);
                    t.openBlas[(i * BITS + j) * BITS + l] = near.openBlasWins();
                }
            }
        }
        return t;
    }

    private static GemmTiming nearest(List<GemmTiming> timings, double lm, double ln, double lk) {
        GemmTiming best = null;
        double bestDistance = Double.MAX_VALUE;
        for (GemmTiming t : timings) {
            GemmShape s = t.shape();
            double d = Math.abs(log2(s.m()) - lm) + Math.abs(log2(s.n()) - ln) + Math.abs(log2(s.k()) - lk);
            if (d < bestDistance) {
                bestDistance = d;
                best = t;
            }
        }
        return best;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    /** True when single-threaded OpenBLAS should take an m × n × k call made outside pool tasks (all dimensions ≥ 1). */
    boolean prefersOpenBlas(int m, int n, int k) {
        return openBlas[(bucket(m) * BITS + bucket(n)) * BITS + bucket(k)];
    }

    private static int bucket(int x) {
        return Math.min(BITS - 1, 31 - Integer.numberOfLeadingZeros(x));
    }
}
