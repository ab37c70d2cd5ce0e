package dev.mako.init;

import dev.mako.init.VarianceScaling.Distribution;
import dev.mako.init.VarianceScaling.Mode;
import java.util.Locale;
import java.util.Map;

/**
 * The initializers, with Keras 3's definitions and defaults, seeded through the random stream a
 * layer is given. Names follow Keras ({@link #byName} also takes its class names, e.g.
 * "GlorotUniform", and the aliases xavier_* and kaiming_*).
 */
public final class Initializers {
    private Initializers() {}

    /** Names {@link #byName} accepts (snake case; class names and aliases also work). */
    public static final String NAMES = "zeros, ones, constant, random_uniform, random_normal, truncated_normal, "
            + "glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, variance_scaling";

    public static Initializer zeros() {
        return new ConstantInitializer(0f, "zeros");
    }

    public static Initializer ones() {
        return new ConstantInitializer(1f, "ones");
    }

    public static Initializer constant(float value) {
        return new ConstantInitializer(value, "constant");
    }

    /** U[−0.05, 0.05). */
    public static Initializer randomUniform() {
        return randomUniform(-0.05, 0.05);
    }

    public static Initializer randomUniform(double minval, double maxval) {
        return new RandomUniform(minval, maxval);
    }

    /** N(0, 0.05²). */
    public static Initializer randomNormal() {
        return randomNormal(0.0, 0.05);
    }

    public static Initializer randomNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, false);
    }

    /** N(0, 0.05²), redrawn beyond 2σ. */
    public static Initializer truncatedNormal() {
        return truncatedNormal(0.0, 0.05);
    }

    public static Initializer truncatedNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, true);
    }

    public static Initializer varianceScaling(double scale, Mode mode, Distribution distribution) {
        return new VarianceScaling(scale, mode, distribution);
    }

    /** Glorot/Xavier uniform: U(−l, l), l = sqrt(6 / (fanIn + fanOut)) — Keras' Dense default. */
    public static Initializer glorotUniform() {
        return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNIFORM, "glorot_uniform");
    }

    /** Glorot/Xavier normal: truncated normal with standard deviation sqrt(2 / (fanIn + fanOut)). */
    public static Initializer glorotNormal() {
        return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, "glorot_normal");
    }

    /** He/Kaiming uniform: U(−l, l), l = sqrt(6 / fanIn). */
    public static Initializer heUniform() {
        return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.UNIFORM, "he_uniform");
    }

    /** He/Kaiming normal: truncated normal with standard deviation sqrt(2 / fanIn). */
    public static Initializer heNormal() {
        return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "he_normal");
    }

    /** LeCun uniform: U(−l, l), l = sqrt(3 / fanIn). */
    public static Initializer lecunUniform() {
        return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.UNIFORM, "lecun_uniform");
    }

    /** LeCun normal: truncated normal with standard deviation sqrt(1 / fanIn). */
    public static Initializer lecunNormal() {
        return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "lecun_normal");
    }

    /** An initializer by name with Keras' default arguments, e.g. from a saved config. */
    public static Initializer byName(String name) {
        return fromConfig(name, Map.of());
    }

    /** An initializer by name with the arguments of its {@link Initializer#config()} (missing ones take Keras' defaults). */
    public static Initializer fromConfig(String name, Map<String, ?> config) {
        if (name == null) throw new IllegalArgumentException("initializer name is null (known: " + NAMES + ")");
        Args a = new Args(name, config);
        return switch (canonical(name)) {
            case "zeros" -> zeros();
            case "ones" -> ones();
            case "constant" -> constant((float) a.number("value", 0.0));
            case "randomuniform" -> randomUniform(a.number("minval", -0.05), a.number("maxval", 0.05));
            case "randomnormal" -> randomNormal(a.number("mean", 0.0), a.number("stddev", 0.05));
            case "truncatednormal" -> truncatedNormal(a.number("mean", 0.0), a.number("stddev", 0.05));
            case "glorotuniform", "xavieruniform" -> glorotUniform();
            case "glorotnormal", "xaviernormal" -> glorotNormal();
            case "heuniform", "kaiminguniform" -> heUniform();
            case "henormal", "kaimingnormal" -> heNormal();
            case "lecununiform" -> lecunUniform();
            case "lecunnormal" -> lecunNormal();
            case "variancescaling" -> varianceScaling(a.number("scale", 1.0),
                    a.choice("mode", "fan_in", Mode.class), a.choice("distribution", "truncated_normal", Distribution.class));
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "' (known: " + NAMES + ")");
        };
    }

    /** "GlorotUniform", "glorot_uniform" and "glorot-uniform" all become "glorotuniform". */
    private static String canonical(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private record Args(String owner, Map<String, ?> config) {
        double number(String key, double fallback) {
            Object v = config.get(key);
            if (v == null) return fallback;
            if (v instanceof Number n) return n.doubleValue();
            throw new IllegalArgumentException("initializer " + owner + ": '" + key + "' must be a number, got " + v);
        }

        <E extends Enum<E>> E choice(String key, String fallback, Class<E> type) {
            Object v = config.get(key);
            String s = v == null ? fallback : String.valueOf(v);
            // Keras accepts "normal" as the truncated normal
            if (type == Distribution.class && s.equalsIgnoreCase("normal")) s = "truncated_normal";
            for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
            throw new IllegalArgumentException("initializer " + owner + ": unknown " + key + " '" + s + "'");
        }
    }
}
