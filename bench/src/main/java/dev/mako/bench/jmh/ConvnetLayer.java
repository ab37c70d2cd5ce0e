package dev.mako.bench.jmh;

import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Padding;

/**
 * The image layers of Keras' simple MNIST convnet (the mnist-cnn recipe) at its batch size: the
 * input of each (size × size × channels) and, for a convolution, its 3×3 filters; and LeNet's two
 * 5×5 convolutions (mnist-lenet, same batch size), the first as its direct kernel sees it: 'same'
 * padding made explicit, a 'valid' convolution over the 32×32 padded copy.
 */
record ConvnetLayer(int size, int channels, int filters, int window) {
    static final int BATCH = 128;

    static ConvnetLayer named(String name) {
        return switch (name) {
            case "conv1" -> new ConvnetLayer(28, 1, 32, 3);
            case "conv2" -> new ConvnetLayer(13, 32, 64, 3);
            case "pool1" -> new ConvnetLayer(26, 32, 0, 2);
            case "pool2" -> new ConvnetLayer(11, 64, 0, 2);
            case "lenet1" -> new ConvnetLayer(32, 1, 6, 5);
            case "lenet2" -> new ConvnetLayer(14, 6, 16, 5);
            default -> throw new IllegalArgumentException("unknown layer '" + name + "' (conv1, conv2, pool1, pool2, lenet1, lenet2)");
        };
    }

    /** A convolution's geometry (stride 1, 'valid'), or a pooling's (stride = window). */
    ConvGeometry geometry() {
        int stride = filters == 0 ? window : 1;
        return ConvGeometry.of(size, size, channels, window, window, stride, stride, 1, 1, Padding.VALID);
    }

    /** A model's first layer: its input is the one-channel MNIST image, which needs no gradient. */
    boolean readsImages() {
        return channels == 1;
    }

    /** The input shape of one image, H, W, C. */
    int[] imageShape() {
        return new int[] {size, size, channels};
    }
}
