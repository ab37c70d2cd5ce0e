package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.MR;
import static dev.mako.kernels.GemmMicroKernel.NR;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;
import static dev.mako.kernels.JavaGemm.F;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of op(A) and op(B) into the panel layouts the micro-kernels read, resolving the
 * transposes here so that the kernels see one layout. Panels cut by the edge of the matrix are
 * padded with zeros, so the kernels never need a tail loop over k, rows or columns.
 */
final class GemmPacking {
    private GemmPacking() {}

    /** Width of the packed B panel that starts with {@code remaining} columns left. */
    static int panelWidth(int remaining) {
        return remaining <= L ? L : NR;
    }

    /**
     * Packs rows {@code [i0, i0 + mc)} and columns {@code [p0, p0 + kc)} of op(A) as MR-row panels:
     * panel {@code q} starts at {@code q · MR · kc} and holds element (r, p) at {@code p · MR + r}.
     */
    static void packA(boolean transA, MemorySegment a, long ao, int lda, int i0, int p0, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (transA) {
                // op(A)(i, p) = A[p, i]: each k step copies mr contiguous floats.
                long src = ao + (long) p0 * lda + i0 + ir;
                if (mr == MR && L >= MR) {
                    // MR floats in one vector of the kernels' own species, masked when wider: a second,
                    // MR-wide species would share the Vector API's type profiles (see OneVectorSpeciesTest).
                    VectorMask<Float> row = S.indexInRange(0, MR);
                    for (int p = 0; p < kc; p++, src += lda) {
                        if (L == MR) FloatVector.fromMemorySegment(S, a, src * Float.BYTES, ORDER).intoArray(dst, base + p * MR);
                        else FloatVector.fromMemorySegment(S, a, src * Float.BYTES, ORDER, row).intoArray(dst, base + p * MR, row);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda) {
                        int d = base + p * MR;
                        for (int r = 0; r < mr; r++) dst[d + r] = a.getAtIndex(F, src + r);
                        for (int r = mr; r < MR; r++) dst[d + r] = 0f;
                    }
                }
            } else {
                rowsOfA(a, ao, lda, i0 + ir, p0, mr, kc, dst, base);
            }
        }
    }

    /** One MR-row panel of non-transposed A: read each row contiguously, write it strided; rows past {@code mr} are zero. */
    private static void rowsOfA(MemorySegment a, long ao, int lda, int i, int p0, int mr, int kc, float[] dst, int base) {
        for (int r = 0; r < MR; r++) {
            int d = base + r;
            if (r < mr) {
                long src = ao + (long) (i + r) * lda + p0;
                for (int p = 0; p < kc; p++) dst[d + p * MR] = a.getAtIndex(F, src + p);
            } else {
                for (int p = 0; p < kc; p++) dst[d + p * MR] = 0f;
            }
        }
    }

    /**
     * Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} of op(B) as column panels:
     * the panel of columns starting at {@code jr} begins at {@code jr · kc}, has width
     * {@link #panelWidth}{@code (nc - jr)} and holds element (p, j) at {@code p · width + j}.
     */
    static void packB(boolean transB, MemorySegment b, long bo, int ldb, int p0, int j0, int kc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = panelWidth(nr);
            int base = jr * kc;
            if (transB) {
                // op(B)(p, j) = B[j, p]: rows of B become columns of the panel.
                for (int j = 0; j < w; j++) {
                    int d = base + j;
                    if (j < nr) {
                        long src = bo + (long) (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) dst[d + p * w] = b.getAtIndex(F, src + p);
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * w] = 0f;
                    }
                }
            } else {
                // op(B)(p, j) = B[p, j]: each k step copies one row piece.
                long src = (bo + (long) p0 * ldb + j0 + jr) * Float.BYTES;
                long step = (long) ldb * Float.BYTES;
                if (nr == w) {
                    for (int p = 0; p < kc; p++, src += step) {
                        for (int v = 0; v < w; v += L) {
                            FloatVector.fromMemorySegment(S, b, src + (long) v * Float.BYTES, ORDER).intoArray(dst, base + p * w + v);
                        }
                    }
                } else {
                    // Edge panel: scalar, zero padded (masked segment loads were slow when measured).
                    long row = bo + (long) p0 * ldb + j0 + jr;
                    for (int p = 0; p < kc; p++, row += ldb) {
                        int d = base + p * w;
                        for (int j = 0; j < nr; j++) dst[d + j] = b.getAtIndex(F, row + j);
                        for (int j = nr; j < w; j++) dst[d + j] = 0f;
                    }
                }
            }
        }
    }
}
