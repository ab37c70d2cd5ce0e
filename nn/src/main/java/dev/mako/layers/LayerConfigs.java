package dev.mako.layers;

import dev.mako.io.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Rebuilds a layer from its saved {@code class_name} and {@link Layer#config()} (Keras key names).
 * Each layer type registers one line here.
 */
public final class LayerConfigs {
    private LayerConfigs() {}

    private static final Map<String, Function<Configs, Layer>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("InputLayer", c -> new InputLayer(c.ints("shape")));
        FACTORIES.put("Flatten", c -> new Flatten());
        FACTORIES.put("Dense", c -> new Dense((int) c.integer("units"), activation(c), c.bool("use_bias", true)));
        FACTORIES.put("Activation", c -> new ActivationLayer(activation(c)));
        FACTORIES.put("LeakyReLU", c -> new LeakyReLU((float) c.number("negative_slope", 0.3)));
        FACTORIES.put("Dropout", c -> new Dropout((float) c.number("rate"), c.has("seed") ? c.integer("seed") : null));
        FACTORIES.put("SimpleRNN", c -> new SimpleRNN((int) c.integer("units"), dev.mako.kernels.Activation.fromName(c.string("activation", "tanh")),
                c.bool("return_sequences", false), c.bool("use_bias", true)));
        FACTORIES.put("LSTM", c -> new LSTM((int) c.integer("units"), c.bool("return_sequences", false), c.bool("use_bias", true),
                c.bool("unit_forget_bias", true)));
        FACTORIES.put("GRU", c -> new GRU((int) c.integer("units"), c.bool("return_sequences", false), c.bool("use_bias", true)));
        FACTORIES.put("TimeDistributed", c -> new TimeDistributed((int) c.integer("units"), activation(c), c.bool("use_bias", true)));
        FACTORIES.put("BatchNormalization", c -> new BatchNormalization((float) c.number("momentum", 0.99), (float) c.number("epsilon", 1e-3)));
        FACTORIES.put("Conv2D", ImageLayerConfigs::conv2d);
        FACTORIES.put("MaxPooling2D", ImageLayerConfigs::maxPooling);
        FACTORIES.put("AveragePooling2D", ImageLayerConfigs::averagePooling);
        FACTORIES.put("GlobalAveragePooling2D", c -> new GlobalAveragePooling2D());
    }

    /** The activation of a saved config: its Keras name, with the leaky slope if any. */
    static LayerActivation activation(Configs c) {
        String name = c.string("activation", "linear");
        LayerActivation a = LayerActivation.fromName(name);
        if (c.has("negative_slope") && a.elementwise() == dev.mako.kernels.Activation.LEAKY_RELU) {
            a = LayerActivation.leakyRelu((float) c.number("negative_slope"));
        }
        return a;
    }

    /** A new, unbuilt layer of type {@code className} named {@code name}. */
    public static Layer fromConfig(String className, String name, Map<?, ?> config) {
        Function<Configs, Layer> f = FACTORIES.get(className);
        if (f == null) throw new IllegalArgumentException("unknown layer type '" + className + "' (layer " + name + "); known: " + FACTORIES.keySet());
        Layer l = f.apply(new Configs("layer " + name + " (" + className + ")", config));
        return name == null ? l : l.named(name);
    }
}
