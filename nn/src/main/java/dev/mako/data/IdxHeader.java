package dev.mako.data;

import dev.mako.tensor.Shapes;

/** The header of an IDX file: element type and dimensions. */
public record IdxHeader(IdxType type, int[] dims) {
    public IdxHeader {
        dims = dims.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long elementCount() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Magic number (4 bytes) plus one 4-byte size per dimension. */
    public long headerBytes() {
        return 4L + 4L * dims.length;
    }

    public long dataBytes() {
        return elementCount() * type.bytes;
    }

    @Override
    public String toString() {
        return type + " " + Shapes.toString(dims);
    }
}
