package dev.mako.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Per-thread scratch memory for kernels that need a buffer of their own (a row, an expanded
 * image): one segment per {@link Slot} and thread, replaced by a larger one when a call needs more,
 * else reused, so a warm kernel allocates nothing. Pool threads run kernels concurrently, hence
 * one set per thread. Segments come from automatic arenas: a replaced one is freed with its last
 * reference. (The GEMM's packing buffers live in {@link GemmScratch}, sized per call shape.)
 */
final class ThreadScratch {
    private ThreadScratch() {}

    /** Who uses a buffer; kernels that may run within one another's calls take different slots. */
    enum Slot { DIRECT_ROW, PAIRS_EXPANDED, PAIRS_WEIGHTS, PAIRS_ROW, PAIRS_GRADIENTS, POOL_ROW, COLUMN_SUMS }

    private static final int SLOTS = Slot.values().length;
    private static final ThreadLocal<MemorySegment[]> THREAD = ThreadLocal.withInitial(() -> {
        MemorySegment[] s = new MemorySegment[SLOTS];
        Arrays.fill(s, MemorySegment.NULL);
        return s;
    });

    /** This thread's buffer for {@code slot}, at least {@code floats} floats, 64-byte aligned; its contents are whatever the last user left. */
    static MemorySegment floats(Slot slot, long floats) {
        MemorySegment[] held = THREAD.get();
        MemorySegment s = held[slot.ordinal()];
        if (s.byteSize() < floats * Float.BYTES) held[slot.ordinal()] = s = Arena.ofAuto().allocate(floats * Float.BYTES, 64);
        return s;
    }
}
