package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mako.tensor.AllocationMeter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Once compiled, the direct convolution kernels (and the implicit GEMM forward) allocate nothing: their register tiles are large
 * enough that a helper taking the accumulators as arguments was left out of line by C2 and boxed
 * them (73 KB per call on a 16-image MNIST first layer before the write-back was inlined by hand).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectConvAllocationTest {
    /** Started with the class: the allocation check compiles the kernels, and the watch must see it. */
    private static final JitWatch JIT = JitWatch.get();

    @Test
    @Order(1)
    void warmKernelsAllocateNothing() {
        int batch = 4;
        ConvGeometry first = ConvGeometry.of(28, 28, 1, 3, 3, 1, 1, 1, 1, Padding.VALID);
        ConvGeometry wide = ConvGeometry.of(13, 13, 32, 3, 3, 1, 1, 1, 1, Padding.VALID);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(4L * batch * 13 * 13 * 32, 64), dz = arena.allocate(4L * batch * 676 * 64 + 256, 64);
            MemorySegment w = arena.allocate(4L * 288 * 64, 64), bias = arena.allocate(4L * 64, 64), y = arena.allocate(4L * batch * 676 * 64, 64);
            Map<String, Runnable> kernels = new LinkedHashMap<>();
            kernels.put("weight gradient, 4 taps x 2 vectors", () -> DirectConv.weightGradient(first, 32, x, 0, dz, 0, w, 0, 0, batch));
            kernels.put("weight gradient, 4 taps x 4 vectors", () -> DirectConv.weightGradient(wide, 64, x, 0, dz, 0, w, 0, 0, batch));
            kernels.put("direct forward", () -> DirectConv.forward(first, 32, x, 0, w, 0, bias, 0, Activation.RELU, 0f, y, 0, 0, batch));
            kernels.put("direct forward, 6 filters (two pixels per vector)", () -> DirectConv.forward(first, 6, x, 0, w, 0, bias, 0, Activation.RELU, 0f, y, 0, 0, batch));
            kernels.put("weight gradient, 6 filters (two pixels per vector)", () -> DirectConv.weightGradient(first, 6, x, 0, dz, 0, w, 0, 0, batch));
            kernels.put("weight gradient, 8 taps x 1 vector", () -> DirectConv.weightGradient(wide, 16, x, 0, dz, 0, w, 0, 0, batch));
            kernels.put("weight gradient, 8 taps x 1 vector, a last tile partly done", () -> DirectConv.weightGradient(first, 16, x, 0, dz, 0, w, 0, 0, batch));
            kernels.put("direct forward, 16 filters (8 pixels x 1 vector)", () -> DirectConv.forward(first, 16, x, 0, w, 0, bias, 0, Activation.RELU, 0f, y, 0, 0, batch));
            kernels.put("direct forward, 12 filters (scratch rows)", () -> DirectConv.forward(first, 12, x, 0, w, 0, bias, 0, Activation.RELU, 0f, y, 0, 0, batch));
            if (Simd.enabled()) kernels.put("implicit GEMM forward", () -> ImplicitGemmConv.forward(wide, 64, x, 0, w, 0, y, 0, 0, batch));
            kernels.forEach((name, kernel) ->
                    assertEquals(0, AllocationMeter.steadyStateBytesPerIteration(20, 60, kernel), 0.99, "bytes allocated per warm call, " + name));
        }
    }

    /**
     * The two-pixels-per-vector kernel's results once C2 has compiled its 16-pixel block, checked
     * against the reference convolution: LeNet's first layer (rows of 28: one block and one that
     * overlaps it) and rows of 37 (two blocks and an overlapping third). Run after the allocation
     * check, whose profiles are the production ones.
     */
    @Test
    @Order(2)
    void compiledPairsKernelMatchesTheReference() {
        ConvKernelChecks.Shape lenet = new ConvKernelChecks.Shape(2, 28, 28, 1, 5, 5, 1, 1, 1, 1, Padding.SAME, 6);
        ConvKernelChecks.Shape longRows = new ConvKernelChecks.Shape(1, 6, 41, 1, 5, 5, 1, 1, 1, 1, Padding.VALID, 3);
        // Three filters take this kernel wherever vectors hold 8 floats or more; six need 16.
        Assumptions.assumeTrue(DirectConvPairs.applies(longRows.geometry(), 3), "no two-pixel kernel with these vectors");
        boolean lenetPairs = DirectConvPairs.applies(lenet.geometry().unpadded(), 6);
        JIT.callUntilOptimised(() -> {
            if (lenetPairs) ConvKernelChecks.directForwardMatchesReference(lenet, Activation.RELU);
            ConvKernelChecks.directForwardMatchesReference(longRows, Activation.IDENTITY);
        }, 20, "dev.mako.kernels.DirectConvPairs::forwardBlock");
    }
}
