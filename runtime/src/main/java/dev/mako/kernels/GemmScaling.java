package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** C = beta · C over an m × n block, the whole GEMM when k == 0 or alpha == 0. Beta == 0 writes zeros without reading C. */
final class GemmScaling {
    private GemmScaling() {}

    static void scale(int m, int n, float beta, MemorySegment c, long co, int ldc) {
        if (beta == 1) return;
        var s = GemmMicroKernel.S;
        int bound = s.loopBound(n);
        FloatVector zero = FloatVector.zero(s);
        for (int i = 0; i < m; i++) {
            long row = co + (long) i * ldc;
            int j = 0;
            for (; j < bound; j += s.length()) {
                long off = (row + j) * Float.BYTES;
                FloatVector v = beta == 0 ? zero : FloatVector.fromMemorySegment(s, c, off, GemmMicroKernel.ORDER).mul(beta);
                v.intoMemorySegment(c, off, GemmMicroKernel.ORDER);
            }
            for (; j < n; j++) {
                c.setAtIndex(JavaGemm.F, row + j, beta == 0 ? 0f : beta * c.getAtIndex(JavaGemm.F, row + j));
            }
        }
    }
}
