package dev.mako.layers;

import dev.mako.io.Configs;
import dev.mako.kernels.Padding;

/** Rebuilding the image layers from their saved Keras configs (sizes are lists [h, w]; a single number stands for both). */
final class ImageLayerConfigs {
    private ImageLayerConfigs() {}

    static Conv2D conv2d(Configs c) {
        if (c.integer("groups", 1) != 1) throw new IllegalArgumentException("Conv2D groups other than 1 are not supported, got " + c.integer("groups", 1));
        requireChannelsLast(c);
        int[] size = pair(c, "kernel_size"), strides = pair(c, "strides", 1), dilation = pair(c, "dilation_rate", 1);
        return new Conv2D((int) c.integer("filters"), size[0], size[1], LayerConfigs.activation(c))
                .strides(strides[0], strides[1])
                .dilation(dilation[0], dilation[1])
                .padding(Padding.fromName(c.string("padding", "valid")))
                .useBias(c.bool("use_bias", true));
    }

    static MaxPooling2D maxPooling(Configs c) {
        int[] size = pair(c, "pool_size");
        return pooling(c, new MaxPooling2D(size[0], size[1]));
    }

    static AveragePooling2D averagePooling(Configs c) {
        int[] size = pair(c, "pool_size");
        return pooling(c, new AveragePooling2D(size[0], size[1]));
    }

    private static <P extends Pooling2D> P pooling(Configs c, P layer) {
        requireChannelsLast(c);
        if (c.has("strides")) {
            int[] s = pair(c, "strides");
            layer.strides(s[0], s[1]);
        }
        layer.padding(Padding.fromName(c.string("padding", "valid")));
        return layer;
    }

    private static int[] pair(Configs c, String key) {
        int[] v = c.ints(key);
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length != 2) throw new IllegalArgumentException("'" + key + "' must hold one or two sizes, got " + v.length);
        return v;
    }

    private static int[] pair(Configs c, String key, int fallback) {
        return c.has(key) ? pair(c, key) : new int[] {fallback, fallback};
    }

    private static void requireChannelsLast(Configs c) {
        String format = c.string("data_format", "channels_last");
        if (!format.equals("channels_last")) throw new IllegalArgumentException("data_format '" + format + "' is not supported (Mako images are channels_last)");
    }
}
