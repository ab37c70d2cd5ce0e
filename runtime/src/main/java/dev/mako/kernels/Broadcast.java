package dev.mako.kernels;

import static dev.mako.kernels.Simd.F;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Elementwise walks over strided, possibly broadcast layouts: {@code (shape, segment, offset,
 * strides)} per operand, offsets and strides in floats, a stride of 0 along a broadcast
 * dimension. Every operand's strides have the rank of the shape.
 *
 * <p>The walk finds the longest innermost run that every operand traverses with one fixed step
 * (merging trailing dimensions that continue each other, skipping dimensions of size 1), then
 * hands each run to a contiguous kernel: {@link Elementwise} when all steps are 1, its
 * scalar-operand form when one input's step is 0, a fill when both are 0, and a plain strided loop
 * otherwise (e.g. a transposed view). The dimensions outside the run are counted by an odometer
 * whose index array is kept per thread for ranks up to {@value #CACHED_RANK} (one small array per
 * call beyond that), so a walk allocates nothing; walks are not reentrant within a thread, which
 * the kernels they call never need.
 *
 * <p>The output may alias an input exactly (same offset and strides); other overlaps are not
 * supported. Positions are bounds-checked by the segments (an {@link IndexOutOfBoundsException}).
 */
public final class Broadcast {
    private Broadcast() {}

    static final int CACHED_RANK = 8;
    private static final ThreadLocal<int[]> INDEX = ThreadLocal.withInitial(() -> new int[CACHED_RANK]);

    private static final int BINARY = 0, COPY = 1, FILL = 2;

    /** c = a op b elementwise over {@code outShape}; a and b are typically broadcast (stride-0) views. */
    public static void binary(BinaryOp op, int[] outShape,
                              MemorySegment a, long aOff, long[] aStrides,
                              MemorySegment b, long bOff, long[] bStrides,
                              MemorySegment c, long cOff, long[] cStrides) {
        checkLayout(outShape, aStrides, "a");
        checkLayout(outShape, bStrides, "b");
        checkLayout(outShape, cStrides, "c");
        walk(BINARY, op, 0f, outShape, a, aOff, aStrides, b, bOff, bStrides, c, cOff, cStrides);
    }

    /** dst = src elementwise over {@code shape}: makes transposed, sliced or broadcast views contiguous (or the reverse). */
    public static void copy(int[] shape, MemorySegment src, long srcOff, long[] srcStrides,
                            MemorySegment dst, long dstOff, long[] dstStrides) {
        checkLayout(shape, srcStrides, "source");
        checkLayout(shape, dstStrides, "destination");
        walk(COPY, null, 0f, shape, src, srcOff, srcStrides, src, srcOff, srcStrides, dst, dstOff, dstStrides);
    }

    /** Sets every element of a strided layout to {@code value}. */
    public static void fill(int[] shape, MemorySegment dst, long dstOff, long[] dstStrides, float value) {
        checkLayout(shape, dstStrides, "destination");
        walk(FILL, null, value, shape, dst, dstOff, dstStrides, dst, dstOff, dstStrides, dst, dstOff, dstStrides);
    }

    private static void walk(int action, BinaryOp op, float value, int[] shape,
                             MemorySegment a, long ao, long[] as, MemorySegment b, long bo, long[] bs,
                             MemorySegment c, long co, long[] cs) {
        for (int d : shape) if (d == 0) return;
        int last = shape.length - 1;
        while (last >= 0 && shape[last] == 1) last--;
        if (last < 0) { // a single element
            run(action, op, value, a, ao, 0, b, bo, 0, c, co, 1, 1);
            return;
        }
        long aStep = as[last], bStep = bs[last], cStep = cs[last];
        long n = shape[last];
        int first = last; // dimensions [first, last] form the run
        for (int d = last - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (as[d] != aStep * n || bs[d] != bStep * n || cs[d] != cStep * n || n * shape[d] > Integer.MAX_VALUE) break;
            n *= shape[d];
            first = d;
        }
        int outerDims = first;
        int[] index = outerDims <= CACHED_RANK ? INDEX.get() : new int[outerDims];
        Arrays.fill(index, 0, outerDims, 0);
        long ap = ao, bp = bo, cp = co;
        while (true) {
            run(action, op, value, a, ap, aStep, b, bp, bStep, c, cp, cStep, (int) n);
            int d = outerDims - 1;
            for (; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    ap += as[d];
                    bp += bs[d];
                    cp += cs[d];
                    break;
                }
                index[d] = 0;
                ap -= (long) (shape[d] - 1) * as[d];
                bp -= (long) (shape[d] - 1) * bs[d];
                cp -= (long) (shape[d] - 1) * cs[d];
            }
            if (d < 0) return;
        }
    }

    /** One run of n elements at steps aStep, bStep, cStep. */
    private static void run(int action, BinaryOp op, float value,
                            MemorySegment a, long ap, long aStep, MemorySegment b, long bp, long bStep,
                            MemorySegment c, long cp, long cStep, int n) {
        switch (action) {
            case BINARY -> binaryRun(op, a, ap, aStep, b, bp, bStep, c, cp, cStep, n);
            case COPY -> copyRun(a, ap, aStep, c, cp, cStep, n);
            default -> fillRun(c, cp, cStep, n, value);
        }
    }

    private static void binaryRun(BinaryOp op, MemorySegment a, long ap, long aStep, MemorySegment b, long bp, long bStep,
                                  MemorySegment c, long cp, long cStep, int n) {
        if (cStep == 1) {
            if (aStep == 1 && bStep == 1) {
                Elementwise.binary(op, a, ap, b, bp, c, cp, n);
                return;
            }
            if (aStep == 1 && bStep == 0) {
                Elementwise.binaryScalar(op, a, ap, b.getAtIndex(F, bp), c, cp, n);
                return;
            }
            if (aStep == 0 && bStep == 1) {
                Elementwise.scalarBinary(op, a.getAtIndex(F, ap), b, bp, c, cp, n);
                return;
            }
            if (aStep == 0 && bStep == 0) {
                Elementwise.fill(c, cp, n, op.apply(a.getAtIndex(F, ap), b.getAtIndex(F, bp)));
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            c.setAtIndex(F, cp + i * cStep, op.apply(a.getAtIndex(F, ap + i * aStep), b.getAtIndex(F, bp + i * bStep)));
        }
    }

    private static void copyRun(MemorySegment src, long sp, long sStep, MemorySegment dst, long dp, long dStep, int n) {
        if (dStep == 1 && sStep == 1) {
            Elementwise.copy(src, sp, dst, dp, n);
        } else if (dStep == 1 && sStep == 0) {
            Elementwise.fill(dst, dp, n, src.getAtIndex(F, sp));
        } else {
            for (int i = 0; i < n; i++) dst.setAtIndex(F, dp + i * dStep, src.getAtIndex(F, sp + i * sStep));
        }
    }

    private static void fillRun(MemorySegment dst, long dp, long dStep, int n, float value) {
        if (dStep == 1) {
            Elementwise.fill(dst, dp, n, value);
        } else {
            for (int i = 0; i < n; i++) dst.setAtIndex(F, dp + i * dStep, value);
        }
    }

    private static void checkLayout(int[] shape, long[] strides, String operand) {
        if (strides.length != shape.length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " has rank " + shape.length + " but " + operand
                    + " strides " + Arrays.toString(strides) + " have rank " + strides.length);
        }
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
        }
    }

    private static String shapeString(int[] shape) {
        return Arrays.toString(shape);
    }
}
