package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * GEMM for a tall A and a small op(B) (a convolution's im2col matrix times its kernel, or the
 * kernel's transpose): A is streamed in place, never packed, and each 4-row strip of it meets op(B)
 * 64 columns at a time, 16 accumulators, op(B) read in place from L1/L2 (transposed once into
 * scratch when B is given transposed). With few columns, packing A cannot be amortised over many
 * column panels: on 15488 × 64 × 288 (MNIST's second convolution, batch 128) this ran at 190 GFLOP/s
 * against 128 for the packed kernel. With A transposed (Aᵀ · B, a weight gradient), the same tiles
 * run over slices of k. Rows and columns beyond whole tiles go to the other kernels.
 */
final class GemmStreamA {
    private GemmStreamA() {}

    /** Columns of a tile: four vectors. */
    static final int WIDTH = 4 * L;
    private static final int ROWS = 4;
    /** Up to this many floats of op(B) (512 KB), it stays in L2 while all of A streams past. */
    static final long MAX_B_FLOATS = 128 * 1024;
    /** Below this many rows the tile bookkeeping is not paid back; with B transposed, its transposition is not either. */
    static final int MIN_M = 64, MIN_M_TRANSPOSED = 1024;

    /**
     * Whether this kernel takes the product: A untransposed and tall, op(B) small, and at most an
     * eighth of the columns left over for the packed kernel (which packs A again for them: at
     * 1024 × 100 × 400 that made the whole product slower than packing once).
     */
    static boolean applies(boolean transA, boolean transB, int m, int n, int k) {
        if (n < WIDTH || 8 * (n % WIDTH) > n) return false;
        if (transA) return !transB && m >= ROWS && k >= MIN_K_TRANSPOSED_A && (long) m * n <= MAX_C_TRANSPOSED_A;
        return m >= (transB ? MIN_M_TRANSPOSED : MIN_M) && (long) k * n <= MAX_B_FLOATS;
    }

    /**
     * With A transposed (a kernel gradient colᵀ · dz: k is the batch's pixels), the product runs
     * over slices of this many k at a time, so that the slices of A and B stay in cache while every
     * tile of C passes over them (288 × 64 × 15488, one thread: 128 ran at 170 GFLOP/s, 256 at 127,
     * 64 at 109).
     */
    static final int K_SLICE = 128;
    /**
     * A transposed A is worth streaming only for a long reduction into a small C, which every k
     * slice reads and writes again (one thread: 28 × 512 × 3584, an LSTM's input-weight gradient,
     * 168 GFLOP/s against 97 packed, and 288 × 64 × 15488 185 against 155; but 128 × 512 × 3584 117
     * against 165, and 128 × 64 × 2048 131 against 143).
     */
    static final int MIN_K_TRANSPOSED_A = 3072, MAX_C_TRANSPOSED_A = 24 * 1024;

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long ao, int lda,
                      MemorySegment b, long bo, int ldb, float beta, MemorySegment c, long co, int ldc) {
        if (transA) {
            sgemmTransposedA(m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            return;
        }
        GemmScratch s = GemmScratch.forThread(0, 0);
        if (transB) {
            MemorySegment t = s.transposed((long) k * n);
            for (int j = 0; j < n; j++) {
                long src = bo + (long) j * ldb;
                for (int p = 0; p < k; p++) t.setAtIndex(JavaGemm.F, (long) p * n + j, b.getAtIndex(JavaGemm.F, src + p));
            }
            b = t;
            bo = 0;
            ldb = n;
        }
        int rows = m - m % ROWS, cols = n - n % WIDTH;
        float[] tile = s.tile;
        for (int i = 0; i < rows; i += ROWS) {
            for (int j = 0; j < cols; j += WIDTH) {
                strip(k, a, ao + (long) i * lda, lda, 1, b, bo + j, ldb, tile);
                GemmWriteBack.tile(tile, WIDTH, c, co + (long) i * ldc + j, ldc, alpha, beta, ROWS, WIDTH);
            }
        }
        // The edges, B untransposed now: too narrow or too short for this kernel, so no recursion.
        if (cols < n) JavaGemm.serial(false, false, rows, n - cols, k, alpha, a, ao, lda, b, bo + cols, ldb, beta, c, co + cols, ldc);
        if (rows < m) {
            JavaGemm.serial(false, false, m - rows, n, k, alpha, a, ao + (long) rows * lda, lda, b, bo, ldb, beta, c, co + (long) rows * ldc, ldc);
        }
    }

    /** C (+)= alpha · Aᵀ · B, A stored k × m: slices of k, each streamed past every tile of C. */
    private static void sgemmTransposedA(int m, int n, int k, float alpha, MemorySegment a, long ao, int lda,
                                         MemorySegment b, long bo, int ldb, float beta, MemorySegment c, long co, int ldc) {
        int rows = m - m % ROWS, cols = n - n % WIDTH;
        float[] tile = GemmScratch.forThread(0, 0).tile;
        for (int p0 = 0; p0 < k; p0 += K_SLICE) {
            int slice = Math.min(K_SLICE, k - p0);
            float sliceBeta = p0 == 0 ? beta : 1f;
            for (int i = 0; i < rows; i += ROWS) {
                for (int j = 0; j < cols; j += WIDTH) {
                    // Row r of op(A) is column i + r of A: one float apart; successive p are lda apart.
                    strip(slice, a, ao + (long) p0 * lda + i, 1, lda, b, bo + (long) p0 * ldb + j, ldb, tile);
                    GemmWriteBack.tile(tile, WIDTH, c, co + (long) i * ldc + j, ldc, alpha, sliceBeta, ROWS, WIDTH);
                }
            }
        }
        if (cols < n) JavaGemm.serial(true, false, rows, n - cols, k, alpha, a, ao, lda, b, bo + cols, ldb, beta, c, co + cols, ldc);
        if (rows < m) JavaGemm.serial(true, false, m - rows, n, k, alpha, a, ao + rows, lda, b, bo, ldb, beta, c, co + (long) rows * ldc, ldc);
    }

    /** Rows [0, 4) of op(A) at {@code ao + r · rowStride}, depths {@code depthStride} apart: {@link #strip} with one run. */
    static void strip(int k, MemorySegment a, long ao, int rowStride, int depthStride, MemorySegment b, long bo, int ldb, float[] tile) {
        strip(1, k, 0, depthStride, a, ao, ao + rowStride, ao + 2L * rowStride, ao + 3L * rowStride, b, bo, ldb, tile);
    }

    /**
     * Four rows of op(A), starting at float offsets a0..a3 of {@code x}, times op(B)'s 64 columns
     * from {@code bo} into {@code tile} (row stride 64). Each row is {@code runs} runs of
     * {@code run} depths, the runs {@code runStep} floats apart and the depths within a run
     * {@code depthStride} apart (a plain matrix: one run; a convolution window read in place: one
     * run per window row); op(B)'s rows follow in the same order. The accumulators go straight to
     * the array: passing them to a helper that C2 might not inline would box them.
     */
    static void strip(int runs, int run, long runStep, int depthStride, MemorySegment x, long a0, long a1, long a2, long a3,
                      MemorySegment b, long bo, int ldb, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector p0 = z, p1 = z, p2 = z, p3 = z, q0 = z, q1 = z, q2 = z, q3 = z;
        FloatVector r0 = z, r1 = z, r2 = z, r3 = z, s0 = z, s1 = z, s2 = z, s3 = z;
        long bp = bo * Float.BYTES, bStep = (long) ldb * Float.BYTES, vb = (long) L * Float.BYTES, depthBytes = (long) depthStride * Float.BYTES;
        for (int r = 0; r < runs; r++) {
            long off = r * runStep;
            long x0 = (a0 + off) * Float.BYTES, x1 = (a1 + off) * Float.BYTES, x2 = (a2 + off) * Float.BYTES, x3 = (a3 + off) * Float.BYTES;
            for (int p = 0; p < run; p++, bp += bStep) {
                FloatVector b0 = FloatVector.fromMemorySegment(S, b, bp, ORDER), b1 = FloatVector.fromMemorySegment(S, b, bp + vb, ORDER);
                FloatVector b2 = FloatVector.fromMemorySegment(S, b, bp + 2 * vb, ORDER), b3 = FloatVector.fromMemorySegment(S, b, bp + 3 * vb, ORDER);
                long ap = p * depthBytes;
                FloatVector v = FloatVector.broadcast(S, x.get(JavaGemm.F, x0 + ap));
                p0 = v.fma(b0, p0);
                p1 = v.fma(b1, p1);
                p2 = v.fma(b2, p2);
                p3 = v.fma(b3, p3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x1 + ap));
                q0 = v.fma(b0, q0);
                q1 = v.fma(b1, q1);
                q2 = v.fma(b2, q2);
                q3 = v.fma(b3, q3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x2 + ap));
                r0 = v.fma(b0, r0);
                r1 = v.fma(b1, r1);
                r2 = v.fma(b2, r2);
                r3 = v.fma(b3, r3);
                v = FloatVector.broadcast(S, x.get(JavaGemm.F, x3 + ap));
                s0 = v.fma(b0, s0);
                s1 = v.fma(b1, s1);
                s2 = v.fma(b2, s2);
                s3 = v.fma(b3, s3);
            }
        }
        int w = WIDTH;
        p0.intoArray(tile, 0);
        p1.intoArray(tile, L);
        p2.intoArray(tile, 2 * L);
        p3.intoArray(tile, 3 * L);
        q0.intoArray(tile, w);
        q1.intoArray(tile, w + L);
        q2.intoArray(tile, w + 2 * L);
        q3.intoArray(tile, w + 3 * L);
        r0.intoArray(tile, 2 * w);
        r1.intoArray(tile, 2 * w + L);
        r2.intoArray(tile, 2 * w + 2 * L);
        r3.intoArray(tile, 2 * w + 3 * L);
        s0.intoArray(tile, 3 * w);
        s1.intoArray(tile, 3 * w + L);
        s2.intoArray(tile, 3 * w + 2 * L);
        s3.intoArray(tile, 3 * w + 3 * L);
    }
}
