package dev.mako.kernels;

import static dev.mako.kernels.GemmMicroKernel.L;
import static dev.mako.kernels.GemmMicroKernel.ORDER;
import static dev.mako.kernels.GemmMicroKernel.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** Merges a finished register tile into C: {@code C = alpha · tile + beta · C}, C unread when beta == 0. */
final class GemmWriteBack {
    private GemmWriteBack() {}

    /**
     * Writes the {@code mr × nr} corner of {@code tile} (row stride {@code width}, a multiple of
     * the vector length) to C at float offset {@code co}.
     */
    static void tile(float[] tile, int width, MemorySegment c, long co, int ldc, float alpha, float beta, int mr, int nr) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int r = 0; r < mr; r++) {
            long row = (co + (long) r * ldc) * Float.BYTES;
            for (int j = 0; j < nr; j += L) {
                FloatVector acc = FloatVector.fromArray(S, tile, r * width + j);
                long off = row + (long) j * Float.BYTES;
                if (j + L <= nr) {
                    FloatVector v = beta == 0 ? acc.mul(va)
                            : acc.fma(va, FloatVector.fromMemorySegment(S, c, off, ORDER).mul(beta));
                    v.intoMemorySegment(c, off, ORDER);
                } else {
                    // Scalar edge: masked memory-segment accesses fell back to per-lane Java code when measured.
                    long ce = co + (long) r * ldc + j;
                    for (int t = 0; t < nr - j; t++) {
                        float x = alpha * tile[r * width + j + t];
                        c.setAtIndex(JavaGemm.F, ce + t, beta == 0 ? x : x + beta * c.getAtIndex(JavaGemm.F, ce + t));
                    }
                }
            }
        }
    }
}
