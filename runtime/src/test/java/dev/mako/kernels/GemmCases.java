package dev.mako.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * GEMM test cases: odd sizes, all four transpose combinations, padded leading dimensions,
 * nonzero offsets, several alpha/beta values (beta = 0 over a C full of NaN), checked against
 * the triple loop in double precision.
 */
final class GemmCases {
    private GemmCases() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    static final int[] DIMS = {1, 3, 17, 33, 65};
    private static final float[] ALPHAS = {1f, -0.5f, 2.5f};
    private static final float[] BETAS = {0f, 1f, -1.5f, 0.25f};

    /** A GEMM call's arguments, without the memory. */
    record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                int lda, int ldb, int ldc, long ao, long bo, long co) {
        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " offsets " + ao + "/" + bo + "/" + co;
        }
    }

    /** Every DIMS³ size under every transpose combination, with seeded random strides, offsets and scalars. */
    static List<Case> all(long seed) {
        Random rnd = new Random(seed);
        List<Case> out = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (int m : DIMS) for (int n : DIMS) for (int k : DIMS) {
                out.add(new Case(ta, tb, m, n, k,
                        ALPHAS[rnd.nextInt(ALPHAS.length)], BETAS[rnd.nextInt(BETAS.length)],
                        (ta ? m : k) + pad(rnd), (tb ? k : n) + pad(rnd), n + pad(rnd),
                        rnd.nextInt(8), rnd.nextInt(8), rnd.nextInt(8)));
            }
        }
        return out;
    }

    private static int pad(Random rnd) {
        return rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(5);
    }

    /** The three operands of a case, filled from {@code seed}; C is NaN throughout when beta = 0. */
    record Operands(MemorySegment a, MemorySegment b, MemorySegment c) {
        static Operands of(Case x, Arena arena, long seed) {
            Random rnd = new Random(seed);
            MemorySegment a = random(arena, x.ao() + (long) (x.transA() ? x.k() : x.m()) * x.lda(), rnd);
            MemorySegment b = random(arena, x.bo() + (long) (x.transB() ? x.n() : x.k()) * x.ldb(), rnd);
            MemorySegment c = random(arena, x.co() + (long) x.m() * x.ldc(), rnd);
            if (x.beta() == 0) c.fill((byte) 0xFF);
            return new Operands(a, b, c);
        }

        static Operands onHeap(Case x, long seed) {
            try (Arena arena = Arena.ofConfined()) {
                Operands off = of(x, arena, seed);
                return new Operands(copy(off.a()), copy(off.b()), copy(off.c()));
            }
        }

        private static MemorySegment copy(MemorySegment s) {
            return MemorySegment.ofArray(s.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    private static MemorySegment random(Arena arena, long floats, Random rnd) {
        MemorySegment s = arena.allocate(floats * Float.BYTES, 4);
        for (long i = 0; i < floats; i++) s.setAtIndex(F, i, rnd.nextFloat() * 2 - 1);
        return s;
    }

    /** A GEMM implementation under test. */
    interface Backend {
        void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                   float beta, MemorySegment c, long co, int ldc);
    }

    /**
     * Runs {@code backend} on the case and returns null when every element of C is within float
     * rounding of the double-precision triple loop (and C outside the result is untouched), else
     * a description of the first wrong element.
     */
    static String check(Backend backend, Case x, Operands o) {
        int m = x.m(), n = x.n(), k = x.k();
        double[] want = new double[m * n], mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = o.a().getAtIndex(F, x.transA() ? x.ao() + (long) p * x.lda() + i : x.ao() + (long) i * x.lda() + p);
                    double bv = o.b().getAtIndex(F, x.transB() ? x.bo() + (long) j * x.ldb() + p : x.bo() + (long) p * x.ldb() + j);
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                double old = x.beta() == 0 ? 0 : o.c().getAtIndex(F, x.co() + (long) i * x.ldc() + j);
                want[i * n + j] = x.alpha() * s + x.beta() * old;
                mag[i * n + j] = Math.abs(x.alpha()) * abs + Math.abs(x.beta() * old);
            }
        }
        float[] before = o.c().toArray(ValueLayout.JAVA_FLOAT);
        backend.sgemm(x.transA(), x.transB(), m, n, k, x.alpha(), o.a(), x.ao(), x.lda(), o.b(), x.bo(), x.ldb(), x.beta(), o.c(), x.co(), x.ldc());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double got = o.c().getAtIndex(F, x.co() + (long) i * x.ldc() + j);
                double tolerance = 4 * (k + 2) * 0x1p-24 * mag[i * n + j] + 1e-30;
                if (!(Math.abs(got - want[i * n + j]) <= tolerance)) {
                    return x + ": C[" + i + "][" + j + "] = " + got + ", expected " + want[i * n + j];
                }
            }
        }
        for (int idx = 0; idx < before.length; idx++) {
            long rel = idx - x.co();
            boolean inside = rel >= 0 && rel / x.ldc() < m && rel % x.ldc() < n;
            if (!inside && Float.floatToRawIntBits(before[idx]) != Float.floatToRawIntBits(o.c().getAtIndex(F, idx))) {
                return x + ": C's storage at " + idx + " lies outside the result but was written";
            }
        }
        return null;
    }
}
