package dev.mako.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;

/**
 * A bump allocator over reusable off-heap chunks: the memory behind a {@code Workspace}.
 *
 * <p>Allocation moves a pointer; {@link #reset()} makes all of it free again in O(1). When a step
 * needs more than the current chunk holds, a further chunk is taken; at the next reset the chunks
 * are merged into one large enough for the whole step, so a steady-state loop allocates nothing.
 * Chunks come from shared arenas so that pool threads may read and write them. Not thread-safe:
 * one thread allocates.
 */
public final class Slab implements AutoCloseable {
    /** Every block starts on a cache line, which is also the widest vector register. */
    public static final long ALIGNMENT = 64;

    private final ArrayList<Arena> arenas = new ArrayList<>();
    private final ArrayList<MemorySegment> chunks = new ArrayList<>();
    private int current;
    private long used;
    private long highWater;
    private boolean closed;

    public Slab(long initialBytes) {
        addChunk(Math.max(ALIGNMENT, initialBytes));
    }

    /**
     * Reserves a raw, uninitialised, 64-byte aligned block of {@code bytes} and returns its byte
     * offset within {@link #lastChunk()}. Returning an offset rather than a slice keeps allocation
     * free of Java objects: tensors address the chunk with an offset anyway.
     */
    public long reserve(long bytes) {
        checkOpen();
        if (bytes < 0) throw new IllegalArgumentException("negative allocation: " + bytes + " bytes");
        long size = alignUp(Math.max(bytes, 1));
        MemorySegment chunk = chunks.get(current);
        if (used + size > chunk.byteSize()) {
            current++;
            if (current == chunks.size()) {
                addChunk(Math.max(size, chunk.byteSize()));
            } else if (chunks.get(current).byteSize() < size) {
                addChunk(size);
                current = chunks.size() - 1;
            }
            chunk = chunks.get(current);
            used = 0;
        }
        long offset = used;
        used += size;
        highWater = Math.max(highWater, totalUsed());
        return offset;
    }

    /** The chunk that holds the block of the last {@link #reserve} call. */
    public MemorySegment lastChunk() {
        return chunks.get(current);
    }

    /** A block as its own segment (one object per call; use {@link #reserve} on hot paths). */
    public MemorySegment allocate(long bytes) {
        long offset = reserve(bytes);
        return lastChunk().asSlice(offset, bytes);
    }

    /** Frees everything handed out since the last reset. Merges chunks if a step overflowed one. */
    public void reset() {
        checkOpen();
        if (chunks.size() > 1) {
            long need = alignUp(highWater + highWater / 4);
            for (Arena a : arenas) a.close();
            arenas.clear();
            chunks.clear();
            addChunk(need);
        }
        current = 0;
        used = 0;
        highWater = 0;
    }

    /** Bytes handed out since the last reset. */
    public long totalUsed() {
        long sum = used;
        for (int i = 0; i < current; i++) sum += chunks.get(i).byteSize();
        return sum;
    }

    /** Bytes reserved from the operating system. */
    public long capacity() {
        long sum = 0;
        for (MemorySegment c : chunks) sum += c.byteSize();
        return sum;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Arena a : arenas) a.close();
        arenas.clear();
        chunks.clear();
    }

    private void addChunk(long bytes) {
        Arena arena = Arena.ofShared();
        arenas.add(arena);
        chunks.add(arena.allocate(bytes, ALIGNMENT));
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("slab is closed");
    }

    public static long alignUp(long bytes) {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
