package dev.mako.tensor;

import dev.mako.kernels.Broadcast;
import dev.mako.kernels.Elementwise;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A float32 tensor: a view (shape, strides, element offset) over off-heap storage owned by a
 * {@link TensorOwner} — a long-lived {@link TensorStore} or a step-scoped {@link Workspace}.
 *
 * <p>Views ({@link #reshape}, {@link #transpose}, {@link #slice}, {@link #broadcastTo}) share the
 * storage and copy nothing; {@link #contiguous()} copies only when the layout needs it. A tensor
 * whose owner was closed, or whose workspace step has ended, throws {@link IllegalStateException}
 * on use.
 *
 * <p>The {@code requiresGrad} and {@code grad} fields serve the autograd tape in {@code nn}.
 */
public final class Tensor {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    MemorySegment segment;
    long offset;
    int[] shape;
    long[] strides;
    long size;
    TensorOwner owner;
    int generation;

    /** Set by the autograd tape: this tensor is a parameter or was computed from one. */
    public boolean requiresGrad;
    /** The gradient of the loss with respect to this tensor, once backward has reached it. */
    public Tensor grad;

    Tensor() {}

    /** (Re)initialises this header. Used by owners, which may recycle headers. */
    void init(TensorOwner owner, MemorySegment segment, long offset, int[] shape, long[] strides) {
        this.owner = owner;
        this.generation = owner.generation();
        this.segment = segment;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        long n = 1;
        for (int d : shape) n *= d;
        this.size = n;
        this.requiresGrad = false;
        this.grad = null;
    }

    // ---- shape ---------------------------------------------------------------------------

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public long stride(int i) {
        return strides[i < 0 ? strides.length + i : i];
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** True when the shapes are equal, without allocating. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    public boolean sameShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    public String shapeString() {
        return Shapes.toString(shape);
    }

    /** Row-major contiguous: elements occupy {@code [offset, offset + size)} in order. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    // ---- storage access (for ops that call kernels) ----------------------------------------

    /** The storage segment; elements are addressed from {@link #offset()} in floats. */
    public MemorySegment segment() {
        checkValid();
        return segment;
    }

    /** Offset of element [0, 0, ...] in floats from the start of {@link #segment()}. */
    public long offset() {
        return offset;
    }

    public TensorOwner owner() {
        return owner;
    }

    /** Throws if the owner was closed or the workspace step that made this tensor has ended. */
    public void checkValid() {
        owner.checkValid(this);
    }

    public boolean isValid() {
        return owner.isValid(this);
    }

    // ---- element access (convenient, not for hot loops) -------------------------------------

    public float get(int... index) {
        checkValid();
        return segment.getAtIndex(F32, linear(index));
    }

    public void set(float value, int... index) {
        checkValid();
        segment.setAtIndex(F32, linear(index), value);
    }

    /** Element {@code i} in row-major order, whatever the strides. */
    public float getFlat(long i) {
        checkValid();
        return segment.getAtIndex(F32, flatToStorage(i));
    }

    public void setFlat(long i, float value) {
        checkValid();
        segment.setAtIndex(F32, flatToStorage(i), value);
    }

    /** Storage index (in floats) of the element at row-major position {@code i}. */
    public long flatToStorage(long i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("flat index " + i + " out of " + size + " elements of " + shapeString());
        long pos = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            long c = i % shape[d];
            i /= shape[d];
            pos += c * strides[d];
        }
        return pos;
    }

    private long linear(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for tensor " + shapeString());
        }
        long pos = offset;
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for " + shapeString());
            }
            pos += index[d] * strides[d];
        }
        return pos;
    }

    /** Copies all elements, in row-major order, into a new array. */
    public float[] toArray() {
        checkValid();
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("tensor too large for a Java array: " + shapeString());
        float[] out = new float[(int) size];
        if (isContiguous()) {
            MemorySegment.copy(segment, F32, offset * 4, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = segment.getAtIndex(F32, flatToStorage(i));
        }
        return out;
    }

    /** Copies {@code values} (row-major) into this tensor. */
    public Tensor copyFrom(float[] values) {
        checkValid();
        if (values.length != size) {
            throw new IllegalArgumentException("cannot copy " + values.length + " values into tensor " + shapeString() + " of " + size + " elements");
        }
        if (isContiguous()) {
            MemorySegment.copy(values, 0, segment, F32, offset * 4, values.length);
        } else {
            for (int i = 0; i < values.length; i++) segment.setAtIndex(F32, flatToStorage(i), values[i]);
        }
        return this;
    }

    /** Copies the elements of {@code src} (same shape, any layout) into this tensor. */
    public Tensor copyFrom(Tensor src) {
        checkValid();
        src.checkSameShapeAs(this);
        if (isContiguous() && src.isContiguous()) {
            MemorySegment.copy(src.segment, src.offset * 4, segment, offset * 4, size * 4);
        } else {
            Broadcast.copy(shape, src.segment, src.offset, src.strides, segment, offset, strides);
        }
        return this;
    }

    private void checkSameShapeAs(Tensor dst) {
        checkValid();
        if (!Arrays.equals(shape, dst.shape)) {
            throw new IllegalArgumentException("shape mismatch: cannot copy " + shapeString() + " into " + dst.shapeString());
        }
    }

    /** Kernels take int lengths; larger tensors are filled in chunks of this many floats. */
    private static final int FILL_CHUNK = 1 << 30;

    public Tensor fill(float value) {
        checkValid();
        if (isContiguous()) {
            for (long done = 0; done < size; done += FILL_CHUNK) {
                Elementwise.fill(segment, offset + done, (int) Math.min(FILL_CHUNK, size - done), value);
            }
        } else {
            Broadcast.fill(shape, segment, offset, strides, value);
        }
        return this;
    }

    // ---- views --------------------------------------------------------------------------------

    /** Same elements, new shape; one dimension may be -1. Needs a contiguous tensor. */
    public Tensor reshape(int... newShape) {
        checkValid();
        int[] resolved = Shapes.resolveReshape(shape, size, newShape);
        if (!isContiguous()) {
            throw new IllegalStateException("reshape of non-contiguous tensor " + shapeString() + " to " + Shapes.toString(resolved) + "; call contiguous() first");
        }
        return owner.view(this, resolved, Shapes.contiguousStrides(resolved), offset);
    }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int a, int b) {
        checkValid();
        int r = shape.length;
        int i = a < 0 ? r + a : a, j = b < 0 ? r + b : b;
        if (i < 0 || i >= r || j < 0 || j >= r) {
            throw new IllegalArgumentException("transpose(" + a + ", " + b + ") out of range for " + shapeString());
        }
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[i] = shape[j]; s[j] = shape[i];
        st[i] = strides[j]; st[j] = strides[i];
        return owner.view(this, s, st, offset);
    }

    /** The matrix transpose of a rank-2 tensor (a view). */
    public Tensor t() {
        if (shape.length != 2) throw new IllegalArgumentException("t() needs a matrix, got " + shapeString());
        return transpose(0, 1);
    }

    /** Elements {@code [start, end)} along {@code dim} (a view). */
    public Tensor slice(int dim, int start, int end) {
        checkValid();
        int d = dim < 0 ? shape.length + dim : dim;
        if (d < 0 || d >= shape.length) throw new IllegalArgumentException("slice dim " + dim + " out of range for " + shapeString());
        if (start < 0 || end > shape[d] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") out of range for dim " + d + " of " + shapeString());
        }
        int[] s = shape.clone();
        s[d] = end - start;
        return owner.view(this, s, strides.clone(), offset + start * strides[d]);
    }

    /** Broadcasts to {@code target} by NumPy rules (stride 0 on broadcast dimensions; a view). */
    public Tensor broadcastTo(int... target) {
        checkValid();
        long[] st = Shapes.broadcastStrides(shape, strides, target);
        return owner.view(this, target.clone(), st, offset);
    }

    /** This tensor if already contiguous, else a contiguous copy from the same owner. */
    public Tensor contiguous() {
        checkValid();
        if (isContiguous()) return this;
        Tensor out = owner.allocateLike(this);
        Broadcast.copy(shape, segment, offset, strides, out.segment, out.offset, out.strides);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString());
        if (!isValid()) return sb.append(" (released)").toString();
        sb.append(' ');
        long n = Math.min(size, 10);
        sb.append('[');
        for (long i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(getFlat(i));
        }
        if (size > n) sb.append(", ...");
        return sb.append(']').toString();
    }
}
