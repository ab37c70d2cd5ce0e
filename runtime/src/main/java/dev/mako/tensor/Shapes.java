package dev.mako.tensor;

import java.util.Arrays;

/** Shape arithmetic: validation, strides, broadcasting, reshape resolution. */
public final class Shapes {
    private Shapes() {}

    public static String toString(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** Validates dimensions (each ≥ 0) and returns the element count. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + toString(shape));
            n *= d;
        }
        return n;
    }

    public static long[] contiguousStrides(int[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    static int[] resolveReshape(int[] from, long size, int[] to) {
        int[] out = to.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + toString(from) + " to " + toString(to) + ": at most one -1");
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("reshape " + toString(from) + " to " + toString(to) + ": negative dimension");
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + toString(from) + " (" + size + " elements) to " + toString(to));
            }
            out[infer] = (int) (size / known);
            known *= out[infer];
        }
        if (known != size) {
            throw new IllegalArgumentException("cannot reshape " + toString(from) + " (" + size + " elements) to " + toString(to));
        }
        return out;
    }

    /** The broadcast shape of {@code a} and {@code b} by NumPy rules. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + toString(a) + " and " + toString(b) + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    static long[] broadcastStrides(int[] shape, long[] strides, int[] target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("cannot broadcast " + toString(shape) + " to lower rank " + toString(target));
        }
        long[] out = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                out[i] = 0;
                continue;
            }
            int d = shape[i - lead];
            if (d == target[i]) {
                out[i] = strides[i - lead];
            } else if (d == 1) {
                out[i] = 0;
            } else {
                throw new IllegalArgumentException("cannot broadcast " + toString(shape) + " to " + toString(target));
            }
        }
        return out;
    }

    public static boolean equal(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
