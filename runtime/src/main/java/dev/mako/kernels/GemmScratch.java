package dev.mako.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's packing buffers and edge tile for the GEMM, grown on demand and then reused, so
 * that a warm thread packs without allocating.
 */
final class GemmScratch {
    private static final ThreadLocal<GemmScratch> PER_THREAD = ThreadLocal.withInitial(GemmScratch::new);

    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[Math.max(GemmMicroKernel.MR * GemmMicroKernel.NR, 4 * GemmStreamA.WIDTH)];
    /**
     * Off-heap, like the caller's operands, so that the kernels reading it see one segment class
     * (a heap segment at the same call sites made them several times slower).
     */
    private MemorySegment edge = MemorySegment.NULL;

    private GemmScratch() {}

    /** A native buffer of at least {@code floats} floats; replaced (and the old one left to the GC) when too small. */
    MemorySegment edge(long floats) {
        if (edge.byteSize() < floats * Float.BYTES) edge = Arena.ofAuto().allocate(floats * Float.BYTES, 64);
        return edge;
    }

    /** A transposed copy of B: built on the heap ({@link #transposedRows}), read by the kernels from here. */
    private MemorySegment transposed = MemorySegment.NULL;
    float[] transposedRows = new float[0];
    float[] rowBlock = new float[0];

    MemorySegment transposed(long floats) {
        if (transposed.byteSize() < floats * Float.BYTES) transposed = Arena.ofAuto().allocate(floats * Float.BYTES, 64);
        if (transposedRows.length < floats) transposedRows = new float[(int) floats];
        return transposed;
    }

    /** The calling thread's scratch, with room for an A block of {@code aFloats} and a B block of {@code bFloats}. */
    static GemmScratch forThread(int aFloats, int bFloats) {
        GemmScratch s = PER_THREAD.get();
        if (s.a.length < aFloats) s.a = new float[aFloats];
        if (s.b.length < bFloats) s.b = new float[bFloats];
        return s;
    }
}
