package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution and pooling kernels against the naive reference (vector path, and scalar path in the -Dmako.simd=false run). */
class ConvKernelsTest {
    static List<ConvKernelChecks.Shape> convShapes() {
        return ConvKernelChecks.CONV_SHAPES;
    }

    static List<ConvKernelChecks.Shape> poolShapes() {
        return ConvKernelChecks.POOL_SHAPES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convShapes")
    void im2colAndCol2imMatchTheReference(ConvKernelChecks.Shape s) {
        ConvKernelChecks.im2colProductMatchesReference(s);
        ConvKernelChecks.col2imMatchesReferenceInputGradient(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convShapes")
    void inputGradientByImageMatchesTheReference(ConvKernelChecks.Shape s) {
        ConvKernelChecks.inputGradientByImageMatchesReference(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convShapes")
    void directKernelMatchesTheReference(ConvKernelChecks.Shape s) {
        ConvKernelChecks.directForwardMatchesReference(s, Activation.IDENTITY);
        ConvKernelChecks.directForwardMatchesReference(s, Activation.RELU);
        ConvKernelChecks.directWeightGradientMatchesReference(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolShapes")
    void poolingMatchesTheReference(ConvKernelChecks.Shape s) {
        ConvKernelChecks.maxPoolMatchesReference(s);
        ConvKernelChecks.avgPoolMatchesReference(s);
    }

    @Test
    void maxPoolTiesGoToTheFirstMaximum() {
        ConvKernelChecks.maxPoolTiesGoToTheFirstMaximum();
    }

    /** The ReLU's backward in average pooling needs the written gradient: added into one, the cells' other terms would be zeroed too. */
    @Test
    void averagePoolReluBackwardRequiresAWrittenGradient() {
        ConvGeometry g = ConvGeometry.of(4, 4, 3, 2, 2, 2, 2, 1, 1, Padding.VALID);
        var e = assertThrows(IllegalArgumentException.class, () -> Pooling.avgBackward(g, java.lang.foreign.MemorySegment.NULL, 0,
                java.lang.foreign.MemorySegment.NULL, 0, java.lang.foreign.MemorySegment.NULL, 0, 0, 1, false, true));
        assertTrue(e.getMessage().contains("written, not added"), e.getMessage());
    }

    @Test
    void samePaddingSplitsAsTensorFlowDoes() {
        ConvGeometry g = ConvGeometry.of(28, 28, 1, 5, 5, 1, 1, 1, 1, Padding.SAME);
        assertEquals(List.of(28, 28, 2, 2, 2, 2), List.of(g.outH(), g.outW(), g.padTop(), g.padBottom(), g.padLeft(), g.padRight()));
        // An odd total puts the extra cell after: 4 wide, window 4 → 3 cells, 1 before and 2 after.
        g = ConvGeometry.of(4, 4, 1, 4, 4, 1, 1, 1, 1, Padding.SAME);
        assertEquals(List.of(4, 1, 2), List.of(g.outH(), g.padTop(), g.padBottom()));
        // Stride 2 over 5: out ⌈5/2⌉ = 3, padding (3 − 1)·2 + 2 − 5 = 1, all of it after.
        g = ConvGeometry.of(5, 7, 1, 2, 2, 2, 2, 1, 1, Padding.SAME);
        assertEquals(List.of(3, 4, 0, 1, 0, 1), List.of(g.outH(), g.outW(), g.padTop(), g.padBottom(), g.padLeft(), g.padRight()));
        // Dilation widens the window: 3 taps at dilation 2 span 5.
        g = ConvGeometry.of(9, 9, 1, 3, 3, 1, 1, 2, 2, Padding.VALID);
        assertEquals(List.of(5, 5, 5), List.of(g.outH(), g.outW(), g.effectiveKernelH()));
        g = ConvGeometry.of(26, 26, 32, 2, 2, 2, 2, 1, 1, Padding.VALID);
        assertEquals(List.of(13, 13), List.of(g.outH(), g.outW()));
        assertTrue(g.unpadded() == g);
    }

    @Test
    void windowLargerThanThePaddedInputIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(4, 6, 3, 5, 5, 1, 1, 1, 1, Padding.VALID));
        assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("4x6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(4, 4, 1, 3, 3, 1, 1, 0, 1, Padding.VALID));
        assertEquals(4, ConvGeometry.of(4, 4, 1, 5, 5, 1, 1, 1, 1, Padding.SAME).outH());
    }
}
