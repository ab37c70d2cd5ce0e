package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.random;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The convolution and pooling kernels against {@link ConvReference} on odd shapes: im2col (+ a
 * plain matrix product) and col2im, the direct kernel forward and weight gradient, max and average
 * pooling forward and backward. Shared with the op tests in {@code nn}; the kernel tests run them on
 * the vector path and again with {@code -Dmako.simd=false} on the scalar path.
 */
public final class ConvKernelChecks {
    private ConvKernelChecks() {}

    /** One convolution case: batch, input H × W × C, window, strides, dilation, padding, filters. */
    public record Shape(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding, int filters) {
        ConvGeometry geometry() {
            return ConvGeometry.of(h, w, c, kh, kw, sh, sw, dh, dw, padding);
        }

        @Override
        public String toString() {
            return String.format("batch %d, %dx%dx%d, window %dx%d, strides %dx%d, dilation %dx%d, %s, %d filters",
                    batch, h, w, c, kh, kw, sh, sw, dh, dw, padding.kerasName(), filters);
        }
    }

    public static final List<Shape> CONV_SHAPES = List.of(
            new Shape(3, 7, 6, 1, 3, 3, 1, 1, 1, 1, Padding.VALID, 32),
            new Shape(1, 9, 9, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, 17),
            new Shape(3, 8, 7, 3, 5, 5, 1, 1, 1, 1, Padding.SAME, 6),
            new Shape(1, 5, 5, 5, 1, 1, 1, 1, 1, 1, Padding.VALID, 16),
            new Shape(3, 6, 9, 7, 2, 3, 2, 1, 1, 1, Padding.SAME, 33),
            new Shape(1, 11, 10, 17, 3, 3, 2, 3, 1, 1, Padding.VALID, 5),
            new Shape(3, 9, 8, 3, 3, 2, 1, 1, 2, 3, Padding.SAME, 40),
            new Shape(1, 6, 6, 1, 5, 5, 2, 2, 1, 1, Padding.SAME, 1),
            new Shape(3, 4, 4, 5, 4, 4, 1, 1, 1, 1, Padding.SAME, 7),
            new Shape(2, 7, 6, 3, 3, 3, 1, 1, 1, 1, Padding.VALID, 70),
            new Shape(2, 7, 6, 20, 3, 3, 1, 1, 1, 1, Padding.VALID, 64), // K = 180: AUTO forward by the implicit GEMM
            new Shape(2, 9, 8, 6, 5, 5, 1, 1, 1, 1, Padding.VALID, 16), // LeNet's second convolution, smaller
            new Shape(1, 8, 9, 7, 4, 2, 1, 1, 1, 1, Padding.VALID, 21),
            new Shape(3, 9, 8, 1, 5, 5, 1, 1, 1, 1, Padding.SAME, 6), // LeNet's first layer: two pixels per vector
            new Shape(2, 7, 7, 1, 3, 3, 2, 1, 1, 1, Padding.VALID, 3), // pairs, odd row length, vertical stride
            new Shape(1, 9, 10, 1, 2, 3, 1, 1, 2, 2, Padding.VALID, 8), // pairs, dilated, half a vector of filters
            new Shape(2, 6, 13, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, 5), // pairs, a row of 13: narrower than a block, pair by pair
            new Shape(2, 4, 21, 1, 3, 3, 1, 1, 1, 1, Padding.VALID, 3), // pairs, a row of 19: a 16-pixel block and one overlapping it
            new Shape(2, 12, 13, 3, 3, 3, 1, 1, 1, 1, Padding.VALID, 16), // one filter vector: 8-pixel and 8-tap tiles
            new Shape(1, 10, 19, 2, 2, 2, 1, 2, 1, 1, Padding.SAME, 11)); // the same through scratch rows, stride across

    /** Pooling cases (filters unused): pool equal to strides, overlapping windows, same padding. */
    public static final List<Shape> POOL_SHAPES = List.of(
            new Shape(3, 8, 8, 32, 2, 2, 2, 2, 1, 1, Padding.VALID, 0),
            new Shape(1, 7, 9, 17, 2, 2, 2, 2, 1, 1, Padding.SAME, 0),
            new Shape(3, 7, 7, 5, 3, 3, 2, 2, 1, 1, Padding.VALID, 0),
            new Shape(1, 6, 5, 1, 3, 2, 1, 2, 1, 1, Padding.SAME, 0),
            new Shape(3, 5, 6, 3, 2, 3, 3, 1, 1, 1, Padding.SAME, 0),
            new Shape(2, 5, 6, 17, 3, 3, 2, 2, 1, 1, Padding.SAME, 0),
            new Shape(2, 5, 4, 17, 3, 2, 2, 1, 1, 1, Padding.SAME, 0),
            new Shape(2, 7, 9, 5, 2, 2, 2, 2, 1, 1, Padding.VALID, 0),
            new Shape(2, 8, 7, 19, 3, 3, 3, 3, 1, 1, Padding.VALID, 0),
            new Shape(2, 9, 8, 18, 2, 3, 1, 2, 2, 1, Padding.VALID, 0),
            new Shape(3, 8, 10, 6, 2, 2, 2, 2, 1, 1, Padding.VALID, 0), // LeNet's first pooling: rows of channels fewer than a vector
            new Shape(2, 6, 7, 1, 2, 2, 2, 2, 1, 1, Padding.VALID, 0),
            new Shape(1, 5, 6, 15, 2, 2, 2, 2, 1, 1, Padding.VALID, 0));

    private static final double RTOL = 1e-5, ATOL = 1e-5;

    public static void im2colProductMatchesReference(Shape s) {
        ConvGeometry g = s.geometry();
        int rows = s.batch() * g.outPixels(), k = g.patchSize();
        float[] x = random(1, s.batch() * g.inputSize(), -1, 1), w = random(2, k * s.filters(), -1, 1), b = random(3, s.filters(), -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 5), col = arena.allocate((rows * k + 7L) * 4);
            Im2col.im2col(g, xs, 5, col, 7, 0, s.batch());
            float[] c = KernelTesting.read(col, 7, rows * k), y = new float[rows * s.filters()];
            for (int r = 0; r < rows; r++)
                for (int f = 0; f < s.filters(); f++) {
                    double acc = b[f];
                    for (int i = 0; i < k; i++) acc += (double) c[r * k + i] * w[i * s.filters() + f];
                    y[r * s.filters() + f] = (float) acc;
                }
            assertClose(ConvReference.conv(g, s.batch(), s.filters(), x, w, b), y, RTOL, ATOL, "im2col · w, " + s);
        }
    }

    public static void col2imMatchesReferenceInputGradient(Shape s) {
        ConvGeometry g = s.geometry();
        int rows = s.batch() * g.outPixels(), k = g.patchSize();
        float[] dy = random(4, rows * s.filters(), -1, 1), w = random(5, k * s.filters(), -1, 1);
        float[] dcol = new float[rows * k];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < k; i++) {
                double acc = 0;
                for (int f = 0; f < s.filters(); f++) acc += (double) dy[r * s.filters() + f] * w[i * s.filters() + f];
                dcol[r * k + i] = (float) acc;
            }
        float[] start = random(6, s.batch() * g.inputSize(), -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dc = segment(arena, dcol, 3), dx = segment(arena, start, 9);
            Im2col.col2im(g, dc, 3, dx, 9, 0, s.batch());
            float[] expected = ConvReference.convInputGradient(g, s.batch(), s.filters(), dy, w);
            for (int i = 0; i < expected.length; i++) expected[i] += start[i];
            assertClose(expected, KernelTesting.read(dx, 9, expected.length), RTOL, ATOL, "col2im adds the input gradient, " + s);
            // Rows 5 floats longer than the patch, the extra entries not zero: they must be ignored.
            int ld = k + 5;
            float[] strided = new float[rows * ld];
            Arrays.fill(strided, 1e6f);
            for (int r = 0; r < rows; r++) System.arraycopy(dcol, r * k, strided, r * ld, k);
            MemorySegment ds = segment(arena, strided, 0), dx2 = segment(arena, start, 9);
            Im2col.col2im(g, ds, 0, ld, dx2, 9, 0, s.batch());
            assertClose(expected, KernelTesting.read(dx2, 9, expected.length), RTOL, ATOL, "col2im over rows " + ld + " floats apart, " + s);
        }
    }

    /** dx += col2im(dz · wᵀ) image by image, wᵀ padded to whole tiles, the batch in two ranges as the pool splits it. */
    public static void inputGradientByImageMatchesReference(Shape s) {
        ConvGeometry g = s.geometry();
        int rows = s.batch() * g.outPixels(), k = g.patchSize(), kp = ImplicitGemmConv.paddedPatch(g);
        float[] dz = random(7, rows * s.filters(), -1, 1), w = random(8, k * s.filters(), -1, 1);
        float[] start = random(9, s.batch() * g.inputSize(), -1, 1);
        float[] expected = ConvReference.convInputGradient(g, s.batch(), s.filters(), dz, w);
        for (int i = 0; i < expected.length; i++) expected[i] += start[i];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dzs = segment(arena, dz, 1), ws = segment(arena, w, 0), dx = segment(arena, start, 5);
            MemorySegment wt = arena.allocate(4L * s.filters() * kp, 64);
            MemorySegment scratch = segment(arena, new float[(int) ConvInputGradient.scratchFloats(g, kp) + 3], 0);
            ImplicitGemmConv.packTransposed(g, s.filters(), ws, 0, wt, 0);
            int half = s.batch() / 2;
            ConvInputGradient.inputGradient(g, s.filters(), dzs, 1, wt, 0, kp, scratch, 3, dx, 5, 0, half);
            ConvInputGradient.inputGradient(g, s.filters(), dzs, 1, wt, 0, kp, scratch, 3, dx, 5, half, s.batch());
            assertClose(expected, KernelTesting.read(dx, 5, expected.length), RTOL, ATOL, "input gradient image by image, " + s);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ConvInputGradient.inputGradient(g, s.filters(), MemorySegment.NULL, 0,
                MemorySegment.NULL, 0, k - 1, MemorySegment.NULL, 0, MemorySegment.NULL, 0, 0, 1));
        assertTrue(e.getMessage().contains("shorter than the patch"), e.getMessage());
    }

    public static void directForwardMatchesReference(Shape s, Activation f) {
        ConvGeometry g = s.geometry();
        int k = g.patchSize(), fp = DirectConv.paddedFilters(s.filters());
        float[] x = random(7, s.batch() * g.inputSize(), -1, 1), w = random(8, k * s.filters(), -1, 1), b = random(9, s.filters(), -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 1), ws = segment(arena, w, 0), bs = segment(arena, b, 0);
            MemorySegment wp = arena.allocate((long) k * fp * 4), bp = arena.allocate(fp * 4L);
            DirectConv.pack(ws, 0, k, s.filters(), wp, 0);
            DirectConv.pack(bs, 0, 1, s.filters(), bp, 0);
            ConvGeometry u = g.unpadded();
            MemorySegment xp = xs;
            long xpo = 1;
            if (g.isPadded()) {
                xp = arena.allocate((long) s.batch() * u.inputSize() * 4);
                xpo = 0;
                DirectConv.pad(g, xs, 1, xp, 0, 0, s.batch());
            }
            int n = s.batch() * g.outPixels() * s.filters();
            MemorySegment y = arena.allocate((n + 3L) * 4);
            DirectConv.forward(u, s.filters(), xp, xpo, wp, 0, bp, 0, f, 0f, y, 3, 0, s.batch());
            float[] expected = ConvReference.conv(g, s.batch(), s.filters(), x, w, b);
            if (f == Activation.RELU) for (int i = 0; i < n; i++) expected[i] = Math.max(0f, expected[i]);
            assertClose(expected, KernelTesting.read(y, 3, n), RTOL, ATOL, "direct forward " + f + ", " + s);
        }
    }

    public static void directWeightGradientMatchesReference(Shape s) {
        ConvGeometry g = s.geometry();
        int k = g.patchSize(), fp = DirectConv.paddedFilters(s.filters()), rows = s.batch() * g.outPixels();
        float[] x = random(10, s.batch() * g.inputSize(), -1, 1), dy = random(11, rows * s.filters(), -1, 1);
        float[] start = random(12, k * s.filters(), -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 0), dys = segment(arena, dy, 2, DirectConv.gradientSlack(s.filters()));
            MemorySegment xp = xs;
            if (g.isPadded()) {
                xp = arena.allocate((long) s.batch() * g.unpadded().inputSize() * 4);
                DirectConv.pad(g, xs, 0, xp, 0, 0, s.batch());
            }
            MemorySegment dwp = arena.allocate((long) k * fp * 4);
            DirectConv.pack(null, 0, k, s.filters(), dwp, 0);
            DirectConv.weightGradient(g.unpadded(), s.filters(), xp, 0, dys, 2, dwp, 0, 0, s.batch());
            MemorySegment dw = segment(arena, start, 4);
            DirectConv.unpackAdd(dwp, 0, k, s.filters(), dw, 4);
            float[] expected = ConvReference.convWeightGradient(g, s.batch(), s.filters(), x, dy);
            for (int i = 0; i < expected.length; i++) expected[i] += start[i];
            assertClose(expected, KernelTesting.read(dw, 4, expected.length), 1e-4, 1e-4, "direct weight gradient, " + s);
        }
    }

    public static void maxPoolMatchesReference(Shape s) {
        ConvGeometry g = s.geometry();
        float[] x = random(13, s.batch() * g.inputSize(), -1, 1);
        int n = s.batch() * g.outPixels() * s.c();
        float[] dy = random(14, n, -1, 1), start = random(15, x.length, -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 3), y = arena.allocate((n + 1L) * 4), dys = segment(arena, dy, 0), dx = segment(arena, start, 2);
            Pooling.maxForward(g, xs, 3, y, 1, 0, s.batch());
            assertClose(ConvReference.maxPool(g, s.batch(), x), KernelTesting.read(y, 1, n), 0, 0, "max pool, " + s);
            Pooling.maxBackward(g, xs, 3, y, 1, dys, 0, dx, 2, 0, s.batch(), false, false);
            float[] gradient = ConvReference.maxPoolGradient(g, s.batch(), x, dy), expected = gradient.clone();
            for (int i = 0; i < expected.length; i++) expected[i] += start[i];
            assertClose(expected, KernelTesting.read(dx, 2, x.length), RTOL, ATOL, "max pool backward, " + s);
            if (Pooling.tile(g)) {
                MemorySegment fresh = segment(arena, random(19, x.length, 5, 9), 2); // whatever was there must not matter
                Pooling.maxBackward(g, xs, 3, y, 1, dys, 0, fresh, 2, 0, s.batch(), true, false);
                assertClose(gradient, KernelTesting.read(fresh, 2, x.length), RTOL, ATOL, "max pool backward written, " + s);
            }
            // positiveOnly: the pooled input was a ReLU's output, whose backward (x > 0 ? gradient : 0) comes along.
            float[] throughRelu = gradient.clone();
            for (int i = 0; i < x.length; i++) if (!(x[i] > 0)) throughRelu[i] = 0;
            MemorySegment added = segment(arena, start, 2);
            Pooling.maxBackward(g, xs, 3, y, 1, dys, 0, added, 2, 0, s.batch(), false, true);
            float[] expectedAdded = throughRelu.clone();
            for (int i = 0; i < expectedAdded.length; i++) expectedAdded[i] += start[i];
            assertClose(expectedAdded, KernelTesting.read(added, 2, x.length), RTOL, ATOL, "max pool backward through a ReLU, " + s);
            if (Pooling.tile(g)) {
                MemorySegment fresh = segment(arena, random(20, x.length, 5, 9), 2);
                Pooling.maxBackward(g, xs, 3, y, 1, dys, 0, fresh, 2, 0, s.batch(), true, true);
                assertClose(throughRelu, KernelTesting.read(fresh, 2, x.length), RTOL, ATOL, "max pool backward through a ReLU, written, " + s);
            }
        }
    }

    public static void avgPoolMatchesReference(Shape s) {
        ConvGeometry g = s.geometry();
        float[] x = random(16, s.batch() * g.inputSize(), -1, 1);
        int n = s.batch() * g.outPixels() * s.c();
        float[] dy = random(17, n, -1, 1), start = random(18, x.length, -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 0), y = arena.allocate(n * 4L), dys = segment(arena, dy, 5), dx = segment(arena, start, 0);
            Pooling.avgForward(g, xs, 0, y, 0, 0, s.batch());
            assertClose(ConvReference.avgPool(g, s.batch(), x), KernelTesting.read(y, 0, n), RTOL, ATOL, "average pool, " + s);
            Pooling.avgBackward(g, dys, 5, dx, 0, 0, s.batch(), false);
            float[] gradient = ConvReference.avgPoolGradient(g, s.batch(), dy), expected = gradient.clone();
            for (int i = 0; i < expected.length; i++) expected[i] += start[i];
            assertClose(expected, KernelTesting.read(dx, 0, x.length), RTOL, ATOL, "average pool backward, " + s);
            if (Pooling.tile(g)) {
                MemorySegment fresh = segment(arena, random(20, x.length, 5, 9), 0);
                Pooling.avgBackward(g, dys, 5, fresh, 0, 0, s.batch(), true);
                assertClose(gradient, KernelTesting.read(fresh, 0, x.length), RTOL, ATOL, "average pool backward written, " + s);
            }
        }
    }

    /** Equal values in a window: the gradient goes to the first of them only, in every channel and lane position. */
    public static void maxPoolTiesGoToTheFirstMaximum() {
        ConvGeometry g = ConvGeometry.of(4, 4, 19, 2, 2, 2, 2, 1, 1, Padding.VALID);
        float[] x = new float[g.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (i / 19) % 3 == 0 ? 0.5f : 0.25f; // pixels 0, 3, 6, ... hold the maximum
        for (int i = 0; i < 19; i++) x[19 * 5 + i] = 0.5f; // pixel (1, 1) ties with pixel (0, 0) in the first window
        float[] dy = new float[g.outPixels() * 19];
        Arrays.fill(dy, 1f);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = segment(arena, x, 0), y = arena.allocate(dy.length * 4L), dys = segment(arena, dy, 0);
            MemorySegment dx = segment(arena, new float[x.length], 0);
            Pooling.maxForward(g, xs, 0, y, 0, 0, 1);
            Pooling.maxBackward(g, xs, 0, y, 0, dys, 0, dx, 0, 0, 1, false, false);
            assertClose(ConvReference.maxPoolGradient(g, 1, x, dy), KernelTesting.read(dx, 0, x.length), 0, 0, "max pool ties");
        }
    }

    private static MemorySegment segment(Arena arena, float[] values, int offset) {
        return segment(arena, values, offset, 0);
    }

    /** {@code values} at {@code offset}, and exactly {@code slack} floats after them. */
    private static MemorySegment segment(Arena arena, float[] values, int offset, int slack) {
        MemorySegment s = arena.allocate((values.length + offset + (long) slack) * 4, 64);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, offset * 4L, values.length);
        return s;
    }
}
