package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.MR;
import static dev.mako.kernels.GemmMicroKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * The blocked GEMM of one thread (GotoBLAS loop order): for each NC-wide column block of C and
 * each KC-deep slice of k, pack that slice of op(B); for each MC-high row block, pack op(A); then
 * sweep the micro-kernel over the block. Arguments are checked by {@link JavaGemm}.
 */
final class PackedGemm {
    private PackedGemm() {}

    /** Depth of a k slice: a KC × NR panel of B (32 KB) plus an MR × KC panel of A stay in L1. */
    static final int KC = 256;
    /** Rows of an A block: MC × KC floats (128 KB) stay in the 1 MB L2. */
    static final int MC = 128;
    /** Columns of a B block: KC × NC floats (4 MB) live in L2/L3. */
    static final int NC = 4096;

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long ao, int lda, MemorySegment b, long bo, int ldb,
                      float beta, MemorySegment c, long co, int ldc) {
        int kcMax = Math.min(KC, k);
        int mcMax = roundUp(Math.min(MC, m), MR);
        int ncMax = roundUp(Math.min(NC, n), NR);
        GemmScratch s = GemmScratch.forThread(mcMax * kcMax, ncMax * kcMax);
        float[] ap = s.a, bp = s.b, tile = s.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                GemmPacking.packB(transB, b, bo, ldb, pc, jc, kc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    GemmPacking.packA(transA, a, ao, lda, ic, pc, mc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            long cOff = co + (long) (ic + ir) * ldc + jc + jr;
                            if (nr <= L) {
                                GemmMicroKernel.narrow(kc, ap, ir * kc, bp, jr * kc, c, cOff, ldc, alpha, betaK, mr, nr, tile);
                            } else {
                                GemmMicroKernel.wide(kc, ap, ir * kc, bp, jr * kc, c, cOff, ldc, alpha, betaK, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }
}
