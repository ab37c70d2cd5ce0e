package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JavaGemm against a double-precision triple loop, over shapes, transposes, strides, offsets, alpha and beta. */
class JavaGemmTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257, 513};

    private Arena arena;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        arena.close();
    }

    /** A stored matrix: {@code rows × cols} with row stride {@code ld} at float offset {@code off} in {@code seg}. */
    record Matrix(MemorySegment seg, long off, int ld, int rows, int cols) {
        float get(int r, int c) {
            return seg.getAtIndex(F, off + (long) r * ld + c);
        }
    }

    private Matrix matrix(int rows, int cols, int extraLd, long off, SplittableRandom rnd, float fill) {
        int ld = Math.max(1, cols + extraLd);
        long floats = off + (long) rows * ld + 7;
        MemorySegment seg = arena.allocate(floats * Float.BYTES, 64);
        for (long i = 0; i < floats; i++) seg.setAtIndex(F, i, Float.isNaN(fill) ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1));
        return new Matrix(seg, off, ld, rows, cols);
    }

    private static double opA(Matrix a, boolean t, int i, int p) {
        return t ? a.get(p, i) : a.get(i, p);
    }

    /**
     * Runs one sgemm and checks every element of C against a double-precision reference, within a
     * tolerance that grows with k; elements of C's segment outside the m × n block must be untouched.
     */
    private void check(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                       int extraLd, long offset, long seed, boolean nanC) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix a = matrix(transA ? k : m, transA ? m : k, extraLd, offset, rnd, 0);
        Matrix b = matrix(transB ? n : k, transB ? k : n, extraLd + 1, offset + 3, rnd, 0);
        Matrix c = matrix(m, n, extraLd + 2, offset + 5, rnd, nanC ? Float.NaN : 0);
        float[] before = c.seg().toArray(F);

        JavaGemm.sgemm(transA, transB, m, n, k, alpha, a.seg(), a.off(), a.ld(), b.seg(), b.off(), b.ld(),
                beta, c.seg(), c.off(), c.ld());

        double eps = Math.ulp(1f);
        boolean[] inBlock = new boolean[before.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double prod = opA(a, transA, i, p) * opA(b, !transB, j, p);
                    sum += prod;
                    mag += Math.abs(prod);
                }
                int idx = (int) (c.off() + (long) i * c.ld() + j);
                inBlock[idx] = true;
                double old = beta == 0 ? 0 : before[idx];
                double want = alpha * sum + beta * old;
                double tol = 2 * (k + 4) * eps * (Math.abs(alpha) * mag + Math.abs(beta * old)) + 1e-30;
                float got = c.seg().getAtIndex(F, idx);
                if (!(Math.abs(got - want) <= tol)) {
                    fail(String.format("C[%d,%d] = %s, want %s (tol %.3g) for transA=%b transB=%b m=%d n=%d k=%d alpha=%s beta=%s",
                            i, j, got, want, tol, transA, transB, m, n, k, alpha, beta));
                }
            }
        }
        for (int i = 0; i < before.length; i++) {
            if (!inBlock[i] && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(c.seg().getAtIndex(F, i))) {
                fail("element " + i + " of C's segment outside the m × n block was written");
            }
        }
    }

    static Stream<Arguments> randomShapes() {
        SplittableRandom rnd = new SplittableRandom(20261122);
        Stream.Builder<Arguments> out = Stream.builder();
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 14; i++) {
                int m = SIZES[rnd.nextInt(SIZES.length)], n = SIZES[rnd.nextInt(SIZES.length)], k = SIZES[rnd.nextInt(SIZES.length)];
                // Keep the double reference quick: at most one dimension of 513.
                if ((long) m * n * k > 40_000_000L) k = 17;
                out.add(Arguments.of(t >= 2, (t & 1) == 1, m, n, k, rnd.nextInt(4), rnd.nextLong()));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("randomShapes")
    void randomShapesAllTransposes(boolean transA, boolean transB, int m, int n, int k, int extraLd, long seed) {
        check(transA, transB, m, n, k, 1f, 0f, extraLd, 0, seed, true);
        check(transA, transB, m, n, k, -1.5f, 0.5f, extraLd, 11, seed + 1, false);
    }

    static Stream<Arguments> mlpShapes() {
        // The batch-32 MLP 784-128-64-10: forward, dW = Xᵀ·dY and dX = dY·Wᵀ of each layer.
        int[][] layers = {{784, 128}, {128, 64}, {64, 10}};
        Stream.Builder<Arguments> out = Stream.builder();
        for (int[] l : layers) {
            out.add(Arguments.of(false, false, 32, l[1], l[0]));
            out.add(Arguments.of(true, false, l[0], l[1], 32));
            out.add(Arguments.of(false, true, 32, l[0], l[1]));
        }
        out.add(Arguments.of(false, false, 1, 128, 784));
        return out.build();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("mlpShapes")
    void mlpShapes(boolean transA, boolean transB, int m, int n, int k) {
        check(transA, transB, m, n, k, 1f, 0f, 0, 0, m * 31L + n, true);
        check(transA, transB, m, n, k, 1f, 1f, 0, 0, m * 31L + n + 1, false);
    }

    @Test
    void alphaBetaVariants() {
        float[][] ab = {{1, 0}, {1, 1}, {1, 0.5f}, {2, 0}, {-0.75f, -1}, {0.25f, 2}};
        for (float[] v : ab) {
            for (int t = 0; t < 4; t++) {
                check(t >= 2, (t & 1) == 1, 67, 45, 300, v[0], v[1], 3, 9, 42 + t, v[1] == 0);
            }
        }
    }

    @Test
    void tallAWithSmallBStreamsA() {
        // GemmStreamA's shapes (a convolution's im2col · kernel, and · kernelᵀ), with edge rows and columns.
        int[][] shapes = {{130, 64, 288}, {1027, 136, 19}, {64, 64, 1}, {203, 128, 64}};
        for (int[] sh : shapes) {
            for (int t = 0; t < 2; t++) {
                boolean transB = t == 1;
                check(false, transB, sh[0], sh[1], sh[2], 1f, 0f, 0, 0, sh[0] + t, true);
                check(false, transB, sh[0], sh[1], sh[2], -0.75f, 0.5f, 2, 5, sh[1] + t, false);
            }
        }
        // Transposed A with a long reduction (a kernel gradient colᵀ · dz), over several k slices.
        int[][] gradients = {{70, 72, 3100}, {12, 64, 4100}, {4, 128, 3072}};
        for (int[] sh : gradients) {
            check(true, false, sh[0], sh[1], sh[2], 1f, 0f, 0, 0, sh[2], true);
            check(true, false, sh[0], sh[1], sh[2], 0.5f, 1f, 1, 3, sh[2] + 1, false);
        }
    }

    @Test
    void deepKCrossesSeveralSlices() {
        // k beyond one packed slice: beta applies once, later slices accumulate.
        check(false, false, 19, 37, 1100, 1f, 0.5f, 1, 2, 7, false);
        check(true, true, 19, 37, 1100, 1f, 0f, 1, 2, 8, true);
    }

    @Test
    void largeMultiThreaded() {
        // Shared segments, big enough to be split over the pool by columns and by rows.
        arena.close();
        arena = Arena.ofShared();
        check(false, false, 300, 520, 400, 1f, 0f, 0, 0, 99, true);
        check(true, true, 520, 300, 400, 0.5f, 1f, 2, 1, 100, false);
        check(false, true, 130, 700, 333, 1f, 1f, 1, 3, 101, false);
    }

    @Test
    void confinedSegmentsStaySerial() {
        // A confined arena's segments cannot be touched by pool workers: the big case must still work.
        check(true, false, 300, 520, 400, 1f, 0f, 0, 0, 102, true);
    }

    @Test
    void kZeroScalesC() {
        for (int t = 0; t < 4; t++) {
            check(t >= 2, (t & 1) == 1, 13, 35, 0, 1f, 0.5f, 1, 4, t, false);
            check(t >= 2, (t & 1) == 1, 13, 35, 0, 1f, 0f, 1, 4, t, true);
            check(t >= 2, (t & 1) == 1, 13, 35, 0, 1f, 1f, 1, 4, t, false);
        }
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        SplittableRandom rnd = new SplittableRandom(5);
        Matrix a = matrix(4, 6, 0, 0, rnd, Float.NaN);
        Matrix b = matrix(6, 5, 0, 0, rnd, Float.NaN);
        Matrix c = matrix(4, 5, 0, 0, rnd, 0);
        float c12 = c.get(1, 2);
        JavaGemm.sgemm(false, false, 4, 5, 6, 0f, a.seg(), 0, 6, b.seg(), 0, 5, 2f, c.seg(), 0, 5);
        assertEquals(2 * c12, c.get(1, 2));
    }

    @Test
    void emptyMOrNLeavesCUntouched() {
        check(false, false, 0, 17, 9, 1f, 0f, 0, 0, 1, true);
        check(true, true, 17, 0, 9, 1f, 0f, 0, 0, 2, true);
        check(false, true, 0, 0, 0, 1f, 0f, 0, 0, 3, true);
    }

    @Test
    void badArgumentsFailBeforeTouchingMemory() {
        MemorySegment s = arena.allocate(1000 * Float.BYTES);
        var e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(false, false, 4, 5, 6, 1f, s, 0, 5, s, 0, 5, 0f, s, 0, 5));
        assertTrue(e.getMessage().contains("lda=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(false, true, 4, 5, 6, 1f, s, 0, 6, s, 0, 5, 0f, s, 0, 5));
        assertTrue(e.getMessage().contains("ldb=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(false, false, 4, 5, 6, 1f, s, 0, 6, s, 0, 5, 0f, s, 0, 4));
        assertTrue(e.getMessage().contains("ldc=4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(false, false, -1, 5, 6, 1f, s, 0, 6, s, 0, 5, 0f, s, 0, 5));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(false, false, 40, 50, 60, 1f, s, 0, 60, s, 0, 50, 0f, s, 0, 50));
        assertTrue(e.getMessage().contains("A (40 × 60"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.sgemm(true, false, 4, 5, 6, 1f, s, 0, 4, s, 0, 5, 0f, s, 990, 5));
        assertTrue(e.getMessage().contains("C (4 × 5"), e.getMessage());
    }
}
