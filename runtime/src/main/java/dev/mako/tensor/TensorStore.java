package dev.mako.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Long-lived tensor memory: parameters, optimizer state, data sets. Everything allocated here is
 * freed together by {@link #close()}; a tensor used afterwards throws {@link IllegalStateException}.
 * Thread-safe for allocation; the memory may be read by any thread.
 */
public final class TensorStore extends TensorOwner {
    private final Arena arena = Arena.ofShared();
    private final String name;
    private volatile boolean closed;

    public TensorStore() {
        this("tensor store");
    }

    /** {@code name} appears in use-after-close errors, e.g. "model mnist-mlp". */
    public TensorStore(String name) {
        this.name = name;
    }

    private MemorySegment lastBlock;

    @Override
    synchronized long reserveBytes(long bytes) {
        if (closed) throw new IllegalStateException(name + " is closed");
        lastBlock = arena.allocate(Math.max(bytes, 1), 64);
        return 0;
    }

    @Override
    synchronized MemorySegment reservedSegment() {
        return lastBlock;
    }

    @Override
    Tensor header() {
        return new Tensor();
    }

    @Override
    int generation() {
        return 0;
    }

    @Override
    void checkValid(Tensor t) {
        if (closed) throw new IllegalStateException("tensor " + t.shapeString() + " used after " + name + " was closed");
    }

    @Override
    boolean isValid(Tensor t) {
        return !closed;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        arena.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
