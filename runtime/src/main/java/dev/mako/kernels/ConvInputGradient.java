package dev.mako.kernels;

import java.lang.foreign.MemorySegment;

/**
 * A convolution's input gradient {@code dx += col2im(dz · wᵀ)} one image at a time: the image's
 * rows of dz · wᵀ go into a scratch block that stays in L2 and are added into dx from there at
 * once. Formed for the whole batch first, the product is written to memory and read back (9.8 MB
 * per step at LeNet's second convolution, batch 128). wt is [F, ldwt] (wᵀ, zero columns past K
 * allowed, as from {@link ImplicitGemmConv#packTransposed}); dz is [pixels, F].
 */
public final class ConvInputGradient {
    private ConvInputGradient() {}

    /** Floats of scratch the calling thread needs: one image's col rows. */
    public static long scratchFloats(ConvGeometry g, int ldwt) {
        return (long) g.outPixels() * ldwt;
    }

    /** dx += col2im(dz · wt) for images [n0, n1), through {@code scratch} ({@link #scratchFloats} floats at so). */
    public static void inputGradient(ConvGeometry g, int filters, MemorySegment dz, long dzo, MemorySegment wt, long wto, int ldwt,
                                     MemorySegment scratch, long so, MemorySegment dx, long dxo, int n0, int n1) {
        if (ldwt < g.patchSize()) throw new IllegalArgumentException("conv input gradient: rows of wt of " + ldwt + " floats are shorter than the patch, " + g.patchSize());
        int pixels = g.outPixels();
        for (int n = n0; n < n1; n++) {
            JavaGemm.serial(false, false, pixels, ldwt, filters, 1f, dz, dzo + (long) n * pixels * filters, filters, wt, wto, ldwt,
                    0f, scratch, so, ldwt);
            Im2col.col2imImage(g, scratch, so, ldwt, dx, dxo + (long) n * g.inputSize());
        }
    }
}
