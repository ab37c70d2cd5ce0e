package dev.mako.blas;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** OpenBLAS through the facade; skipped only when no OpenBLAS can be found at all. */
class OpenBlasTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final int[] DIMS = {1, 3, 17, 33, 65};
    private static final float[] ALPHAS = {1f, -0.5f, 2.5f};
    private static final float[] BETAS = {0f, 1f, -1.5f, 0.25f};

    @BeforeAll
    static void needsOpenBlas() {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS found: " + OpenBlas.library().why());
    }

    private static MemorySegment random(Arena arena, long floats, Random rnd) {
        MemorySegment s = arena.allocate(floats * Float.BYTES, 4);
        for (long i = 0; i < floats; i++) s.setAtIndex(F, i, rnd.nextFloat() * 2 - 1);
        return s;
    }

    @Test
    void sgemmMatchesTheNaiveLoopForAllTransposesOffsetsAndStrides() {
        Random rnd = new Random(42);
        int cases = 0;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (int m : DIMS) for (int n : DIMS) for (int k : DIMS) {
                float alpha = ALPHAS[rnd.nextInt(ALPHAS.length)], beta = BETAS[rnd.nextInt(BETAS.length)];
                int lda = (ta ? m : k) + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(5));
                int ldb = (tb ? k : n) + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(5));
                int ldc = n + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(5));
                long ao = rnd.nextInt(8), bo = rnd.nextInt(8), co = rnd.nextInt(8);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment a = random(arena, ao + (long) (ta ? k : m) * lda, rnd);
                    MemorySegment b = random(arena, bo + (long) (tb ? n : k) * ldb, rnd);
                    MemorySegment c = random(arena, co + (long) m * ldc, rnd);
                    if (beta == 0) c.fill((byte) 0xFF); // NaN everywhere: must be ignored
                    double[][] ref = NaiveGemm.gemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                    float before = c.getAtIndex(F, 0);
                    OpenBlas.sgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                        double got = c.getAtIndex(F, co + (long) i * ldc + j), want = ref[0][i * n + j];
                        if (!(Math.abs(got - want) <= NaiveGemm.tolerance(k, ref[1][i * n + j]))) {
                            fail("transA=" + ta + " transB=" + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + ": C[" + i + "][" + j + "] = " + got + ", expected " + want);
                        }
                    }
                    if (co > 0) assertEquals(before, c.getAtIndex(F, 0), 0f, "element before C's offset was written");
                    cases++;
                }
            }
        }
        assertEquals(4 * DIMS.length * DIMS.length * DIMS.length, cases);
    }

    @Test
    void sgemvMatchesTheNaiveLoop() {
        Random rnd = new Random(7);
        for (boolean trans : new boolean[] {false, true}) {
            for (int m : DIMS) for (int n : DIMS) {
                int lda = n + rnd.nextInt(3), incX = 1 + rnd.nextInt(2), incY = 1 + rnd.nextInt(2);
                float alpha = ALPHAS[rnd.nextInt(ALPHAS.length)], beta = BETAS[rnd.nextInt(BETAS.length)];
                int xLen = trans ? m : n, yLen = trans ? n : m;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment a = random(arena, 3 + (long) m * lda, rnd);
                    MemorySegment x = random(arena, 2 + (long) xLen * incX, rnd);
                    MemorySegment y = random(arena, 1 + (long) yLen * incY, rnd);
                    if (beta == 0) y.fill((byte) 0xFF);
                    double[][] ref = gemvReference(trans, a, 3, lda, m, n, x, 2, incX, alpha, beta, y, 1, incY);
                    OpenBlas.sgemv(trans, m, n, alpha, a, 3, lda, x, 2, incX, beta, y, 1, incY);
                    for (int i = 0; i < yLen; i++) {
                        double got = y.getAtIndex(F, 1 + (long) i * incY);
                        assertTrue(Math.abs(got - ref[0][i]) <= NaiveGemm.tolerance(xLen, ref[1][i]),
                                "trans=" + trans + " m=" + m + " n=" + n + ": y[" + i + "] = " + got + ", expected " + ref[0][i]);
                    }
                }
            }
        }
    }

    /** y = alpha·op(A)·x + beta·y for A m × n as stored, x and y strided. */
    private static double[][] gemvReference(boolean trans, MemorySegment a, long ao, int lda, int m, int n,
                                            MemorySegment x, long xo, int incX, float alpha, float beta,
                                            MemorySegment y, long yo, int incY) {
        int rows = trans ? n : m, len = trans ? m : n;
        double[] out = new double[rows], mag = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0, abs = 0;
            for (int j = 0; j < len; j++) {
                double av = a.getAtIndex(F, trans ? ao + (long) j * lda + i : ao + (long) i * lda + j);
                double p = av * x.getAtIndex(F, xo + (long) j * incX);
                s += p;
                abs += Math.abs(p);
            }
            double old = beta == 0 ? 0 : y.getAtIndex(F, yo + (long) i * incY);
            out[i] = alpha * s + beta * old;
            mag[i] = Math.abs(alpha) * abs + Math.abs(beta * old);
        }
        return new double[][] {out, mag};
    }

    @Test
    void badArgumentsAreRejectedBeforeTheCall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * 6 * 4), b = arena.allocate(4L * 4 * 5), c = arena.allocate(4L * 6 * 5);
            var lda = assertThrows(IllegalArgumentException.class,
                    () -> OpenBlas.sgemm(false, false, 6, 5, 4, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
            assertTrue(lda.getMessage().contains("leading dimension of A is 3"), lda.getMessage());
            var small = assertThrows(IllegalArgumentException.class,
                    () -> OpenBlas.sgemm(false, false, 6, 5, 4, 1f, a, 1, 4, b, 0, 5, 0f, c, 0, 5));
            assertTrue(small.getMessage().contains("A (6 x 4"), small.getMessage());
            var heap = assertThrows(IllegalArgumentException.class,
                    () -> OpenBlas.sgemm(false, false, 6, 5, 4, 1f, MemorySegment.ofArray(new float[24]), 0, 4, b, 0, 5, 0f, c, 0, 5));
            assertTrue(heap.getMessage().contains("heap"), heap.getMessage());
            assertThrows(IllegalArgumentException.class, () -> OpenBlas.sgemm(false, false, -1, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5));
        }
    }

    @Test
    void aClosedArenaIsNotPassedToNativeCode() {
        Arena arena = Arena.ofConfined();
        MemorySegment a = arena.allocate(64), b = arena.allocate(64), c = arena.allocate(64);
        arena.close();
        assertThrows(IllegalStateException.class, () -> OpenBlas.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
    }

    @Test
    void threadCountCanBeSetAndRead() {
        int before = OpenBlas.threads();
        try {
            OpenBlas.useThreads(1);
            assertEquals(1, OpenBlas.threads());
            OpenBlas.useThreads(2);
            assertEquals(2, OpenBlas.threads());
        } finally {
            OpenBlas.useThreads(before);
        }
    }

    @Test
    void reportsVersionCoreAndConfig() {
        assertTrue(OpenBlas.config().startsWith("OpenBLAS "), OpenBlas.config());
        assertTrue(OpenBlas.version().matches("\\d+\\.\\d+\\.\\d+.*"), OpenBlas.version());
        assertFalse(OpenBlas.coreName().isBlank());
        CoreTypeReport core = OpenBlas.coreTypeReport();
        assertEquals(OpenBlas.coreName(), core.inForce());
        assertTrue(OpenBlas.choiceLine().contains(OpenBlas.library().location()), OpenBlas.choiceLine());
    }
}
