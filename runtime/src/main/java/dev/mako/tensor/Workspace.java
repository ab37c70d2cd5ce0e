package dev.mako.tensor;

import dev.mako.memory.Slab;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;

/**
 * Step-scoped tensors: activations, gradients and scratch of one training step or prediction.
 *
 * <p>Memory comes from a {@link Slab} and tensor headers from a pool; {@link #reset()} at the end
 * of a step releases both at once. A step that makes the same tensors in the same order every
 * time (as a training loop does) reuses the same headers and memory, so once warm it allocates
 * nothing on the Java heap. Tensors from an ended step throw on use. One thread at a time.
 */
public final class Workspace extends TensorOwner {
    private final Slab slab;
    private final ArrayList<Tensor> headers = new ArrayList<>();
    private int nextHeader;
    private int generation = 1;
    private boolean closed;

    public Workspace() {
        this(1 << 20);
    }

    public Workspace(long initialBytes) {
        this.slab = new Slab(initialBytes);
    }

    /** Ends the step: every tensor handed out since the last reset becomes invalid. */
    public void reset() {
        checkOpen();
        slab.reset();
        nextHeader = 0;
        generation++;
    }

    /** Bytes in use by the current step. */
    public long bytesInUse() {
        return slab.totalUsed();
    }

    /** Off-heap bytes reserved. */
    public long capacity() {
        return slab.capacity();
    }

    @Override
    long reserveBytes(long bytes) {
        checkOpen();
        return slab.reserve(bytes);
    }

    @Override
    MemorySegment reservedSegment() {
        return slab.lastChunk();
    }

    @Override
    Tensor header() {
        checkOpen();
        if (nextHeader == headers.size()) headers.add(new Tensor());
        return headers.get(nextHeader++);
    }

    @Override
    int[] dims(int rank, int d0, int d1, int d2, int d3) {
        Tensor next = nextHeader < headers.size() ? headers.get(nextHeader) : null;
        if (next == null || next.shape == null || next.shape.length != rank) return super.dims(rank, d0, d1, d2, d3);
        int[] s = next.shape;
        if (rank > 0) s[0] = d0;
        if (rank > 1) s[1] = d1;
        if (rank > 2) s[2] = d2;
        if (rank > 3) s[3] = d3;
        return s;
    }

    @Override
    long[] stridesFor(Tensor header, int[] shape) {
        long[] st = header.strides;
        if (st == null || st.length != shape.length) return super.stridesFor(header, shape);
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    @Override
    int generation() {
        return generation;
    }

    @Override
    void checkValid(Tensor t) {
        if (closed) throw new IllegalStateException("tensor " + t.shapeString() + " used after its workspace was closed");
        if (t.generation != generation) {
            throw new IllegalStateException("tensor " + t.shapeString() + " belongs to a workspace step that has ended");
        }
    }

    @Override
    boolean isValid(Tensor t) {
        return !closed && t.generation == generation;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        slab.close();
        headers.clear();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("workspace is closed");
    }
}
