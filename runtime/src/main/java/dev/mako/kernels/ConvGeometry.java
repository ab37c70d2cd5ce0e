package dev.mako.kernels;

import java.util.Locale;

/**
 * The sliding-window arithmetic of a 2-D convolution or pooling over NHWC images, independent of
 * the batch size: input H × W × C, window kh × kw with strides and dilation, the padding before
 * each axis and the output size. Output pixel (oy, ox) reads input rows
 * {@code oy·strideH − padTop + ky·dilationH}, ky in [0, kh), and likewise columns; positions
 * outside the image are padding (zero for convolution, ignored by pooling).
 *
 * <p>Immutable: a layer makes one when it is built and passes it to its op every step.
 */
public final class ConvGeometry {
    private final int inH, inW, channels, kernelH, kernelW, strideH, strideW, dilationH, dilationW;
    private final int padTop, padBottom, padLeft, padRight, outH, outW;
    private final ConvGeometry unpadded;
    /** Per window tap t = (ky·kw + kx)·C + c: its float offset from the window's first input cell (valid inside the image). */
    private final int[] tapOffsets;

    private ConvGeometry(int inH, int inW, int channels, int kernelH, int kernelW, int strideH, int strideW,
                         int dilationH, int dilationW, int padTop, int padBottom, int padLeft, int padRight) {
        this.inH = inH;
        this.inW = inW;
        this.channels = channels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.padTop = padTop;
        this.padBottom = padBottom;
        this.padLeft = padLeft;
        this.padRight = padRight;
        this.outH = (inH + padTop + padBottom - effectiveKernelH()) / strideH + 1;
        this.outW = (inW + padLeft + padRight - effectiveKernelW()) / strideW + 1;
        this.tapOffsets = new int[kernelH * kernelW * channels];
        for (int ky = 0, t = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                for (int c = 0; c < channels; c++) tapOffsets[t++] = (ky * dilationH * inW + kx * dilationW) * channels + c;
            }
        }
        boolean padded = padTop + padBottom + padLeft + padRight > 0;
        this.unpadded = padded ? new ConvGeometry(inH + padTop + padBottom, inW + padLeft + padRight, channels, kernelH, kernelW,
                strideH, strideW, dilationH, dilationW, 0, 0, 0, 0) : this;
    }

    /**
     * The geometry of a window over {@code inH × inW × channels} images; throws
     * {@link IllegalArgumentException} naming the sizes when a number is not positive or the
     * (dilated) window is larger than the padded input.
     */
    public static ConvGeometry of(int inH, int inW, int channels, int kernelH, int kernelW, int strideH, int strideW,
                                  int dilationH, int dilationW, Padding padding) {
        if (inH <= 0 || inW <= 0 || channels <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0
                || dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "window geometry needs positive sizes: input %dx%dx%d, window %dx%d, strides %dx%d, dilation %dx%d",
                    inH, inW, channels, kernelH, kernelW, strideH, strideW, dilationH, dilationW));
        }
        int effH = (kernelH - 1) * dilationH + 1, effW = (kernelW - 1) * dilationW + 1;
        int padH = 0, padW = 0;
        if (padding == Padding.SAME) {
            padH = Math.max(0, (ceilDiv(inH, strideH) - 1) * strideH + effH - inH);
            padW = Math.max(0, (ceilDiv(inW, strideW) - 1) * strideW + effW - inW);
        }
        if (inH + padH < effH || inW + padW < effW) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "window %dx%d (dilation %dx%d, %dx%d effective) is larger than the input %dx%d padded '%s' to %dx%d",
                    kernelH, kernelW, dilationH, dilationW, effH, effW, inH, inW, padding.kerasName(), inH + padH, inW + padW));
        }
        return new ConvGeometry(inH, inW, channels, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    public int inH() {
        return inH;
    }

    public int inW() {
        return inW;
    }

    public int channels() {
        return channels;
    }

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int strideH() {
        return strideH;
    }

    public int strideW() {
        return strideW;
    }

    public int dilationH() {
        return dilationH;
    }

    public int dilationW() {
        return dilationW;
    }

    public int padTop() {
        return padTop;
    }

    public int padBottom() {
        return padBottom;
    }

    public int padLeft() {
        return padLeft;
    }

    public int padRight() {
        return padRight;
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    public int effectiveKernelH() {
        return (kernelH - 1) * dilationH + 1;
    }

    public int effectiveKernelW() {
        return (kernelW - 1) * dilationW + 1;
    }

    /** Floats of one image: H·W·C. */
    public int inputSize() {
        return inH * inW * channels;
    }

    /** Output pixels of one image: outH·outW. */
    public int outPixels() {
        return outH * outW;
    }

    /** Floats of one window over all channels, kh·kw·C: the row length of im2col, the inner dimension of the GEMM. */
    public int patchSize() {
        return kernelH * kernelW * channels;
    }

    /** Float offset of window tap t = (ky·kw + kx)·C + c from the window's top-left input cell, channel 0. */
    public int tapOffset(int t) {
        return tapOffsets[t];
    }

    public boolean isPadded() {
        return unpadded != this;
    }

    /** The same window over the image with its padding made part of it (and none left): what a padded copy of the input is read with. */
    public ConvGeometry unpadded() {
        return unpadded;
    }

    /** 1×1 window, stride 1, no padding: each output pixel reads exactly its own input pixel, so the image is its own im2col. */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && !isPadded();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%dx%d, window %dx%d, strides %dx%d, dilation %dx%d, padding %d/%d/%d/%d -> %dx%d",
                inH, inW, channels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padBottom, padLeft, padRight,
                outH, outW);
    }
}
