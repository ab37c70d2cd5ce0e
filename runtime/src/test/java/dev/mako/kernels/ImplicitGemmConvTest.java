package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.assertClose;
import static dev.mako.kernels.KernelTesting.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The im2col-free forward GEMM against the naive convolution, on odd shapes, batch ranges and strides. */
class ImplicitGemmConvTest {
    record Case(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int filters) {}

    static List<Case> cases() {
        return List.of(
                new Case(3, 13, 13, 32, 3, 3, 1, 1, 1, 64),   // MNIST's second convolution, a few images
                new Case(2, 7, 9, 5, 2, 3, 2, 1, 1, 128),    // odd channels, stride down, two column tiles
                new Case(1, 9, 8, 3, 3, 2, 1, 2, 2, 64),     // dilation down, stride across
                new Case(3, 5, 5, 1, 5, 5, 1, 1, 1, 64));    // one output pixel per image: rows % 4 != 0
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheNaiveConvolution(Case s) {
        Assumptions.assumeTrue(Simd.enabled(), "the implicit GEMM is a vector kernel");
        ConvGeometry g = ConvGeometry.of(s.h(), s.w(), s.c(), s.kh(), s.kw(), s.sh(), s.sw(), s.dh(), 1, Padding.VALID);
        assertTrue(ImplicitGemmConv.applies(g, s.filters()));
        int k = g.patchSize(), pixels = s.batch() * g.outPixels();
        float[] x = random(21, s.batch() * g.inputSize(), -1, 1), w = random(22, k * s.filters(), -1, 1);
        float[] expected = ConvReference.conv(g, s.batch(), s.filters(), x, w, new float[s.filters()]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = arena.allocate((x.length + 3L) * 4), ws = arena.allocate((w.length + 5L) * 4);
            MemorySegment y = arena.allocate((pixels * (long) s.filters() + 2) * 4);
            MemorySegment.copy(x, 0, xs, ValueLayout.JAVA_FLOAT, 3 * 4L, x.length);
            MemorySegment.copy(w, 0, ws, ValueLayout.JAVA_FLOAT, 5 * 4L, w.length);
            // Two calls over image ranges, as the pool splits the batch.
            int half = s.batch() / 2;
            ImplicitGemmConv.forward(g, s.filters(), xs, 3, ws, 5, y, 2, 0, half);
            ImplicitGemmConv.forward(g, s.filters(), xs, 3, ws, 5, y, 2, half, s.batch());
            float[] got = new float[pixels * s.filters()];
            MemorySegment.copy(y, ValueLayout.JAVA_FLOAT, 2 * 4L, got, 0, got.length);
            assertClose(expected, got, 1e-5, 1e-5, "implicit GEMM convolution, " + s);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputGradientMatchesCol2imOfTheProduct(Case s) {
        Assumptions.assumeTrue(Simd.enabled(), "the implicit GEMM is a vector kernel");
        ConvGeometry g = ConvGeometry.of(s.h(), s.w(), s.c(), s.kh(), s.kw(), s.sh(), s.sw(), s.dh(), 1, Padding.VALID);
        assertTrue(ImplicitGemmConv.appliesToInputGradient(g));
        int k = g.patchSize(), pixels = s.batch() * g.outPixels(), kp = ImplicitGemmConv.paddedPatch(g);
        float[] dz = random(23, pixels * s.filters(), -1, 1), w = random(24, k * s.filters(), -1, 1);
        float[] start = random(25, s.batch() * g.inputSize(), -1, 1);
        float[] expected = ConvReference.convInputGradient(g, s.batch(), s.filters(), dz, w);
        for (int i = 0; i < expected.length; i++) expected[i] += start[i];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dzs = arena.allocate((dz.length + 1L) * 4), ws = arena.allocate(w.length * 4L);
            MemorySegment wt = arena.allocate((long) s.filters() * kp * 4), dx = arena.allocate((start.length + 2L) * 4);
            MemorySegment.copy(dz, 0, dzs, ValueLayout.JAVA_FLOAT, 4L, dz.length);
            MemorySegment.copy(w, 0, ws, ValueLayout.JAVA_FLOAT, 0, w.length);
            MemorySegment.copy(start, 0, dx, ValueLayout.JAVA_FLOAT, 2 * 4L, start.length);
            ImplicitGemmConv.packTransposed(g, s.filters(), ws, 0, wt, 0);
            int half = s.batch() / 2;
            ImplicitGemmConv.inputGradient(g, s.filters(), dzs, 1, wt, 0, dx, 2, 0, half);
            ImplicitGemmConv.inputGradient(g, s.filters(), dzs, 1, wt, 0, dx, 2, half, s.batch());
            float[] got = new float[start.length];
            MemorySegment.copy(dx, ValueLayout.JAVA_FLOAT, 2 * 4L, got, 0, got.length);
            assertClose(expected, got, 1e-4, 1e-4, "implicit input gradient, " + s);
        }
    }

    @Test
    void refusesShapesItCannotRead() {
        assertFalse(ImplicitGemmConv.applies(ConvGeometry.of(9, 9, 3, 3, 3, 1, 1, 1, 1, Padding.SAME), 64), "padded");
        assertFalse(ImplicitGemmConv.applies(ConvGeometry.of(9, 9, 3, 3, 3, 1, 1, 1, 2, Padding.VALID), 64), "dilated across");
        assertFalse(ImplicitGemmConv.applies(ConvGeometry.of(9, 9, 3, 3, 3, 1, 1, 1, 1, Padding.VALID), 48), "filters not in 64s");
        var e = assertThrows(IllegalArgumentException.class, () -> ImplicitGemmConv.forward(ConvGeometry.of(9, 9, 3, 3, 3, 1, 1, 1, 1, Padding.SAME),
                64, MemorySegment.NULL, 0, MemorySegment.NULL, 0, MemorySegment.NULL, 0, 0, 1));
        assertTrue(e.getMessage().contains("unpadded"), e.getMessage());
    }
}
