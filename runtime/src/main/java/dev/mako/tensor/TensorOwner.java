package dev.mako.tensor;

import dev.mako.kernels.Elementwise;
import java.lang.foreign.MemorySegment;

/**
 * Owns the off-heap memory of tensors and frees it: a long-lived {@link TensorStore} (parameters,
 * optimizer state, data sets) or a step-scoped {@link Workspace} (activations, gradients, scratch).
 */
public abstract sealed class TensorOwner implements AutoCloseable permits TensorStore, Workspace {

    /**
     * Reserves a 64-byte aligned, uninitialised block of at least {@code bytes}; returns its byte
     * offset within {@link #reservedSegment()}.
     */
    abstract long reserveBytes(long bytes);

    /** The segment holding the block of the last {@link #reserveBytes} call. */
    abstract MemorySegment reservedSegment();

    /** A header to initialise: fresh for a store, recycled for a workspace. */
    abstract Tensor header();

    abstract int generation();

    abstract void checkValid(Tensor t);

    abstract boolean isValid(Tensor t);

    // ---- allocation: overloads by rank so hot paths pass no varargs array ----

    /** Uninitialised rank-0 tensor (a scalar, one element). */
    public Tensor scalar() {
        return allocateOwned(dims(0, 0, 0, 0, 0));
    }

    /** Uninitialised tensor of the given shape (contents are whatever the memory held). */
    public Tensor allocate(int[] shape) {
        return switch (shape.length) {
            case 0 -> scalar();
            case 1 -> allocate(shape[0]);
            case 2 -> allocate(shape[0], shape[1]);
            case 3 -> allocate(shape[0], shape[1], shape[2]);
            case 4 -> allocate(shape[0], shape[1], shape[2], shape[3]);
            default -> allocateOwned(shape.clone());
        };
    }

    public Tensor allocate(int d0) {
        return allocateOwned(dims(1, d0, 0, 0, 0));
    }

    public Tensor allocate(int d0, int d1) {
        return allocateOwned(dims(2, d0, d1, 0, 0));
    }

    public Tensor allocate(int d0, int d1, int d2) {
        return allocateOwned(dims(3, d0, d1, d2, 0));
    }

    public Tensor allocate(int d0, int d1, int d2, int d3) {
        return allocateOwned(dims(4, d0, d1, d2, d3));
    }

    /** Zero-filled tensor. */
    public Tensor zeros(int... shape) {
        return clear(allocate(shape));
    }

    /** Zero-filled tensor with the shape of {@code like}. */
    public Tensor zerosLike(Tensor like) {
        return clear(allocateLike(like));
    }

    private static Tensor clear(Tensor t) {
        for (long done = 0; done < t.size; done += Integer.MAX_VALUE / 2) {
            Elementwise.fill(t.segment, t.offset + done, (int) Math.min(Integer.MAX_VALUE / 2, t.size - done), 0f);
        }
        return t;
    }

    /** Uninitialised contiguous tensor with the shape of {@code like}. */
    public Tensor allocateLike(Tensor like) {
        return allocate(like.shape);
    }

    /** A tensor holding a copy of {@code values} with the given shape. */
    public Tensor of(float[] values, int... shape) {
        long n = Shapes.size(shape);
        if (n != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Shapes.toString(shape) + " (" + n + " elements)");
        }
        return allocate(shape).copyFrom(values);
    }

    /** A view of {@code base}'s storage with another layout, owned (and recycled) like a tensor of this owner. */
    public Tensor view(Tensor base, int[] shape, long[] strides, long offset) {
        base.checkValid();
        checkViewBounds(base, shape, strides, offset);
        Tensor t = header();
        t.init(this, base.segment, offset, shape, strides);
        return t;
    }

    /** A reshaped view of a contiguous tensor, by rank, without varargs. */
    public Tensor reshape(Tensor base, int d0, int d1) {
        return reshapeOwned(base, dims(2, d0, d1, 0, 0));
    }

    public Tensor reshape(Tensor base, int d0, int d1, int d2) {
        return reshapeOwned(base, dims(3, d0, d1, d2, 0));
    }

    public Tensor reshape(Tensor base, int d0, int d1, int d2, int d3) {
        return reshapeOwned(base, dims(4, d0, d1, d2, d3));
    }

    private Tensor reshapeOwned(Tensor base, int[] shape) {
        base.checkValid();
        if (!base.isContiguous()) throw new IllegalStateException("reshape of non-contiguous tensor " + base.shapeString());
        if (Shapes.size(shape) != base.size) {
            throw new IllegalArgumentException("cannot reshape " + base.shapeString() + " to " + Shapes.toString(shape));
        }
        Tensor t = header();
        t.init(this, base.segment, base.offset, shape, stridesFor(t, shape));
        return t;
    }

    private Tensor allocateOwned(int[] shape) {
        long n = Shapes.size(shape);
        long byteOffset;
        MemorySegment seg;
        synchronized (this) { // a store may be shared by threads; uncontended for a workspace
            byteOffset = reserveBytes(n * 4);
            seg = reservedSegment();
        }
        Tensor t = header();
        t.init(this, seg, byteOffset / 4, shape, stridesFor(t, shape));
        return t;
    }

    /**
     * Dimension array for a header. Workspaces recycle headers, and a recycled header of the
     * same rank keeps its arrays, so steady-state steps allocate nothing here.
     */
    int[] dims(int rank, int d0, int d1, int d2, int d3) {
        int[] s = new int[rank];
        if (rank > 0) s[0] = d0;
        if (rank > 1) s[1] = d1;
        if (rank > 2) s[2] = d2;
        if (rank > 3) s[3] = d3;
        return s;
    }

    long[] stridesFor(Tensor header, int[] shape) {
        return Shapes.contiguousStrides(shape);
    }

    private static void checkViewBounds(Tensor base, int[] shape, long[] strides, long offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("view shape " + Shapes.toString(shape) + " and strides of rank " + strides.length + " differ in rank");
        }
        long lo = offset, hi = offset;
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("negative dimension in view " + Shapes.toString(shape));
            if (shape[i] == 0) empty = true;
            long span = (long) (shape[i] - 1) * strides[i];
            if (span < 0) lo += span; else hi += span;
        }
        long capacity = base.segment.byteSize() / 4;
        if (!empty && (lo < 0 || hi >= capacity)) {
            throw new IllegalArgumentException("view " + Shapes.toString(shape) + " at offset " + offset + " reaches outside storage of " + capacity + " floats");
        }
    }
}
