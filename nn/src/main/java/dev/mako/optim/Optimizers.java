package dev.mako.optim;

import dev.mako.io.Configs;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in optimizers, with Keras 3's defaults. Each returns a configurable optimizer:
 * {@code Optimizers.adam(1e-3).betas(0.9, 0.99).globalClipnorm(1.0).schedule(Schedules.cosineDecay(1e-3, 10_000, 0))}.
 */
public final class Optimizers {
    private Optimizers() {}

    /** Names {@link #byName} accepts. */
    public static final String NAMES = "sgd, adam, adamw, rmsprop, adagrad";

    public static Sgd sgd() {
        return new Sgd(Sgd.DEFAULT_LEARNING_RATE);
    }

    public static Sgd sgd(double lr) {
        return new Sgd(lr);
    }

    public static Sgd sgd(double lr, double momentum, boolean nesterov) {
        return new Sgd(lr).momentum(momentum).nesterov(nesterov);
    }

    public static Adagrad adagrad() {
        return new Adagrad(Adagrad.DEFAULT_LEARNING_RATE);
    }

    public static Adagrad adagrad(double lr) {
        return new Adagrad(lr);
    }

    public static RmsProp rmsprop() {
        return new RmsProp(RmsProp.DEFAULT_LEARNING_RATE);
    }

    public static RmsProp rmsprop(double lr) {
        return new RmsProp(lr);
    }

    public static Adam adam() {
        return new Adam(Adam.DEFAULT_LEARNING_RATE);
    }

    public static Adam adam(double lr) {
        return new Adam(lr);
    }

    public static AdamW adamw() {
        return new AdamW(Adam.DEFAULT_LEARNING_RATE, AdamW.DEFAULT_WEIGHT_DECAY);
    }

    public static AdamW adamw(double lr, double weightDecay) {
        return new AdamW(lr, weightDecay);
    }

    /** An optimizer by its Keras name (case-insensitive: "adam", "SGD", "RMSprop", ...) with its default learning rate. */
    public static BaseOptimizer<?> byName(String name) {
        return switch (key(name)) {
            case "sgd" -> sgd();
            case "adam" -> adam();
            case "adamw" -> adamw();
            case "rmsprop" -> rmsprop();
            case "adagrad" -> adagrad();
            default -> throw unknown(name);
        };
    }

    /** An optimizer by its Keras name with the given learning rate (for the command line). */
    public static BaseOptimizer<?> byName(String name, double lr) {
        return switch (key(name)) {
            case "sgd" -> sgd(lr);
            case "adam" -> adam(lr);
            case "adamw" -> adamw(lr, AdamW.DEFAULT_WEIGHT_DECAY);
            case "rmsprop" -> rmsprop(lr);
            case "adagrad" -> adagrad(lr);
            default -> throw unknown(name);
        };
    }

    /**
     * Rebuilds an optimizer from its {@link Optimizer#config()} (Keras key names; numbers may be
     * any {@link Number}, as a JSON parser returns them). Options Mako does not implement
     * (EMA, gradient accumulation, AMSGrad, centered or momentum RMSprop) are refused rather than
     * silently ignored.
     */
    public static BaseOptimizer<?> fromConfig(Map<String, ?> config) {
        Object name = config.get("name");
        if (name == null) throw new IllegalArgumentException("optimizer config has no 'name': " + config);
        Configs cfg = new Configs("optimizer " + name, config);
        refuse(cfg, config, "use_ema", "EMA of weights");
        refuse(cfg, config, "amsgrad", "AMSGrad");
        refuse(cfg, config, "centered", "centered RMSprop");
        if (cfg.has("gradient_accumulation_steps")) throw notSupported(name, "gradient_accumulation_steps");
        if (cfg.has("loss_scale_factor")) throw notSupported(name, "loss_scale_factor");
        BaseOptimizer<?> opt = byName(String.valueOf(name));
        opt.applySharedConfig(cfg, config);
        switch (opt) {
            case Sgd s -> s.momentum(cfg.number("momentum", 0)).nesterov(cfg.bool("nesterov", false));
            case Adam a -> {
                if (cfg.has("beta_1")) a.beta1(cfg.number("beta_1"));
                if (cfg.has("beta_2")) a.beta2(cfg.number("beta_2"));
                if (cfg.has("epsilon")) a.epsilon(cfg.number("epsilon"));
            }
            case RmsProp r -> {
                if (cfg.number("momentum", 0) != 0) throw notSupported(name, "momentum");
                if (cfg.has("rho")) r.rho(cfg.number("rho"));
                if (cfg.has("epsilon")) r.epsilon(cfg.number("epsilon"));
            }
            case Adagrad a -> {
                if (cfg.has("initial_accumulator_value")) a.initialAccumulatorValue(cfg.number("initial_accumulator_value"));
                if (cfg.has("epsilon")) a.epsilon(cfg.number("epsilon"));
            }
            default -> throw new IllegalStateException("no config reader for " + opt.name());
        }
        return opt;
    }

    static double checkEpsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
        return epsilon;
    }

    private static String key(String name) {
        if (name == null) throw new IllegalArgumentException("optimizer name is null (known: " + NAMES + ")");
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown optimizer '" + name + "' (known: " + NAMES + ")");
    }

    private static void refuse(Configs cfg, Map<String, ?> config, String key, String what) {
        if (cfg.bool(key, false)) throw notSupported(config.get("name"), key + " (" + what + ")");
    }

    private static IllegalArgumentException notSupported(Object name, String option) {
        return new IllegalArgumentException("optimizer " + name + ": option " + option + " is not supported by Mako");
    }
}
