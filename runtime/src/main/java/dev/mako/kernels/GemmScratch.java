package dev.mako.kernels;

/**
 * One thread's packing buffers and edge tile for the GEMM, grown on demand and then reused, so
 * that a warm thread packs without allocating.
 */
final class GemmScratch {
    private static final ThreadLocal<GemmScratch> PER_THREAD = ThreadLocal.withInitial(GemmScratch::new);

    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[GemmMicroKernel.MR * GemmMicroKernel.NR];

    private GemmScratch() {}

    /** The calling thread's scratch, with room for an A block of {@code aFloats} and a B block of {@code bFloats}. */
    static GemmScratch forThread(int aFloats, int bFloats) {
        GemmScratch s = PER_THREAD.get();
        if (s.a.length < aFloats) s.a = new float[aFloats];
        if (s.b.length < bFloats) s.b = new float[bFloats];
        return s;
    }
}
