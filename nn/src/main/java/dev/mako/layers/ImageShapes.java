package dev.mako.layers;

import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Padding;
import dev.mako.tensor.Shapes;

/** What the image layers share at build time: their per-sample input is (height, width, channels), and the window must fit it. */
final class ImageShapes {
    private ImageShapes() {}

    /** The window geometry of {@code layer} over inputs of {@code inputShape}, or an IllegalArgumentException naming the layer and the shapes. */
    static ConvGeometry geometry(Layer layer, int[] inputShape, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
        requireImages(layer, inputShape);
        try {
            return ConvGeometry.of(inputShape[0], inputShape[1], inputShape[2], kh, kw, sh, sw, dh, dw, padding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer.type() + " " + layer.name() + " on inputs " + Shapes.toString(inputShape) + ": " + e.getMessage(), e);
        }
    }

    static void requireImages(Layer layer, int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(layer.type() + " " + layer.name() + " expects images [batch, height, width, channels] (channels_last); got per-sample shape "
                    + Shapes.toString(inputShape) + (inputShape.length == 2 ? " (add a channel axis: reshape [n, h, w] to [n, h, w, 1])" : ""));
        }
    }
}
