package dev.mako.optim;

import dev.mako.io.Configs;
import dev.mako.layers.Parameter;
import dev.mako.parallel.Parallel;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer shares: the parameters and their state, the learning rate or schedule,
 * gradient regularisation and clipping, decoupled weight decay, and the iteration count. A
 * subclass supplies only its per-parameter update rule:
 * {@code (param, grad, state, step, lr, decay) → param and state updated in place}.
 *
 * <p>One {@link #step} does, in this order (Keras 3's, with the L2 penalty first because Keras
 * adds a regulariser's gradient to the loss's before the optimizer sees it):
 * <ol>
 *   <li>lr = the learning rate at the current iteration count (0 for the first step);</li>
 *   <li>L2 penalty, if set: {@code g += 2λ·p} — the gradient of Keras' {@code L2(λ)} regulariser,
 *       which adds {@code λ·Σp²} to the loss. (PyTorch's coupled {@code weight_decay=wd}
 *       adds {@code wd·p}: that is {@code l2(wd / 2)} here);</li>
 *   <li>clipping, at most one kind (as Keras requires): {@code clipnorm} rescales each
 *       gradient whose L2 norm exceeds it to that norm; {@code global_clipnorm} rescales all
 *       gradients together when their joint norm exceeds it; {@code clipvalue} clamps each
 *       element to {@code [−v, v]};</li>
 *   <li>decoupled weight decay, if set: {@code p −= lr·wd·p} (Keras' {@code weight_decay},
 *       fused into the update kernel as the factor {@code 1 − lr·wd});</li>
 *   <li>the rule's update with the (possibly clipped) gradient; then {@code iterations++}.</li>
 * </ol>
 * Gradients are modified in place by steps 2–3 (they are zeroed before the next backward pass).
 *
 * <p>Hyper-parameters are set with chained setters before {@link #build}; afterwards only the
 * learning rate may change. {@code step()} allocates nothing on the Java heap.
 *
 * @param <T> the concrete optimizer, so that chained setters keep its type
 */
public abstract class BaseOptimizer<T extends BaseOptimizer<T>> implements Optimizer {
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double weightDecay;
    private double l2;
    private Double clipnorm, globalClipnorm, clipvalue;
    private final List<String> decayExclusions = new ArrayList<>();
    private long iterations;

    // Set by build(): one entry per trainable parameter.
    private boolean built;
    private List<Parameter> builtFrom;
    private String[] names;
    private Tensor[] values, grads;
    private Tensor[][] state;
    private boolean[] regularized; // false for parameters excluded from weight decay and L2
    private Updates updates;

    protected BaseOptimizer(double learningRate) {
        learningRate(learningRate);
    }

    // ---- the rule a subclass supplies --------------------------------------------------------

    /** Names of the per-parameter state tensors, e.g. {"momentum", "velocity"}; may be empty. */
    protected abstract String[] stateNames();

    /** Initial value of state slot {@code slot} (0 unless the rule says otherwise). */
    protected float initialState(int slot) {
        return 0f;
    }

    /** Called once per step before the updates, e.g. to compute bias corrections. {@code step} counts from 1. */
    protected void beginStep(long step, float lr) {}

    /**
     * Updates elements {@code [from, from + count)} of one parameter in place from its gradient
     * and state (the rule is elementwise, so the pool may update parts of a parameter at once).
     * {@code decay} is the factor of decoupled weight decay ({@code 1 − lr·wd}, or 1); {@code step}
     * counts from 1.
     */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr, float decay, int from, int count);

    /** Adds the rule's own hyper-parameters to the config, with Keras key names. */
    protected abstract void putConfig(Map<String, Object> config);

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    // ---- configuration -------------------------------------------------------------------------

    /** A constant learning rate (replaces any schedule). May be changed after build. */
    public final T learningRate(double lr) {
        Schedules.checkRate("learning_rate", lr);
        this.learningRate = lr;
        this.schedule = null;
        return self();
    }

    /** A learning rate that follows {@code schedule} by iteration count. */
    public final T schedule(LearningRateSchedule schedule) {
        if (schedule == null) throw new IllegalArgumentException("schedule is null");
        this.schedule = schedule;
        return self();
    }

    /** Decoupled weight decay (Keras' {@code weight_decay}): {@code p −= lr·wd·p} before each update. */
    public final T weightDecay(double wd) {
        requireNotBuilt();
        if (!(wd >= 0) || Double.isInfinite(wd)) throw new IllegalArgumentException("weight_decay must be a finite number >= 0, got " + wd);
        this.weightDecay = wd;
        return self();
    }

    /**
     * L2 penalty with Keras' regulariser factor: {@code g += 2λ·p}, exactly what {@code L2(λ)}
     * on every parameter would add to the gradients.
     */
    public final T l2(double lambda) {
        requireNotBuilt();
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + lambda);
        this.l2 = lambda;
        return self();
    }

    /** Clips each parameter's gradient to L2 norm at most {@code maxNorm} (Keras' {@code clipnorm}). */
    public final T clipnorm(double maxNorm) {
        checkClip("clipnorm", maxNorm);
        this.clipnorm = maxNorm;
        return self();
    }

    /** Clips all gradients together to a joint L2 norm at most {@code maxNorm} (Keras' {@code global_clipnorm}). */
    public final T globalClipnorm(double maxNorm) {
        checkClip("global_clipnorm", maxNorm);
        this.globalClipnorm = maxNorm;
        return self();
    }

    /** Clamps each gradient element to {@code [−limit, limit]} (Keras' {@code clipvalue}). */
    public final T clipvalue(double limit) {
        checkClip("clipvalue", limit);
        this.clipvalue = limit;
        return self();
    }

    /**
     * Exempts parameters whose full name (e.g. {@code dense_1.bias}) contains any of the given
     * fragments from weight decay and from the L2 penalty — Keras' {@code exclude_from_weight_decay(var_names=…)}.
     */
    public final T excludeFromWeightDecay(String... nameFragments) {
        requireNotBuilt();
        for (String f : nameFragments) {
            if (f == null || f.isEmpty()) throw new IllegalArgumentException("empty name fragment in excludeFromWeightDecay");
            decayExclusions.add(f);
        }
        return self();
    }

    private void checkClip(String key, double value) {
        requireNotBuilt();
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        String other = clipnorm != null && !key.equals("clipnorm") ? "clipnorm"
                : globalClipnorm != null && !key.equals("global_clipnorm") ? "global_clipnorm"
                : clipvalue != null && !key.equals("clipvalue") ? "clipvalue" : null;
        if (other != null) {
            throw new IllegalArgumentException("only one of clipnorm, clipvalue and global_clipnorm can be set: "
                    + other + " is already set, cannot also set " + key);
        }
    }

    protected final void requireNotBuilt() {
        if (built) throw new IllegalStateException(name() + ": hyper-parameters are fixed once the optimizer is built (only the learning rate may change)");
    }

    // ---- Optimizer -------------------------------------------------------------------------------

    @Override
    public void build(List<Parameter> parameters, TensorStore store) {
        if (built) {
            if (parameters.equals(builtFrom)) return;
            throw new IllegalStateException(name() + " is already built for other parameters; use a new optimizer for another model");
        }
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : parameters) {
            if (!p.trainable()) continue;
            Tensor v = p.value(), g = p.grad();
            if (!v.isContiguous() || !g.isContiguous() || !v.sameShape(g)) {
                throw new IllegalArgumentException("parameter " + p.fullName() + ": value " + v.shapeString() + " and gradient "
                        + g.shapeString() + " must be contiguous tensors of the same shape");
            }
            if (v.size() > Integer.MAX_VALUE) throw new IllegalArgumentException("parameter " + p.fullName() + " has more than 2^31 elements");
            trainable.add(p);
        }
        int n = trainable.size();
        String[] slots = stateNames();
        names = new String[n];
        values = new Tensor[n];
        grads = new Tensor[n];
        state = new Tensor[n][slots.length];
        regularized = new boolean[n];
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            names[i] = p.fullName();
            values[i] = p.value();
            grads[i] = p.grad();
            for (int s = 0; s < slots.length; s++) {
                float init = initialState(s);
                state[i][s] = init == 0f ? store.zerosLike(values[i]) : store.allocateLike(values[i]).fill(init);
            }
            regularized[i] = decayExclusions.stream().noneMatch(names[i]::contains);
        }
        updates = new Updates();
        builtFrom = List.copyOf(parameters);
        built = true;
    }

    @Override
    public final void step() {
        if (!built) throw new IllegalStateException(name() + " is not built: call build(parameters, store) (a model's compile does)");
        float lr = (float) learningRateAt(iterations);
        long t = iterations + 1;
        if (l2 != 0) GradientClipping.addL2(values, grads, regularized, (float) (2 * l2));
        if (clipnorm != null) GradientClipping.clipEachByNorm(grads, clipnorm);
        else if (globalClipnorm != null) GradientClipping.clipByGlobalNorm(grads, globalClipnorm);
        else if (clipvalue != null) GradientClipping.clipByValue(grads, clipvalue.floatValue());
        float decayed = weightDecay == null ? 1f : 1f - lr * weightDecay.floatValue();
        beginStep(t, lr);
        updates.run(t, lr, decayed);
        iterations = t;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    @Override
    public final void setIterations(long iterations) {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        this.iterations = iterations;
    }

    @Override
    public final float currentLearningRate() {
        return (float) learningRateAt(iterations);
    }

    private double learningRateAt(long step) {
        return schedule == null ? learningRate : schedule.at(step);
    }

    /** The schedule, or null for a constant learning rate. */
    public final LearningRateSchedule schedule() {
        return schedule;
    }

    public final boolean isBuilt() {
        return built;
    }

    /** State tensors by name, {@code <parameter>.<slot>} (e.g. {@code dense_1.kernel.momentum}), in build order. */
    @Override
    public final Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (!built) return m;
        String[] slots = stateNames();
        for (int i = 0; i < names.length; i++) {
            for (int s = 0; s < slots.length; s++) m.put(names[i] + "." + slots[s], state[i][s]);
        }
        return m;
    }

    /** Keras' {@code get_config()} keys: name, learning_rate (number or serialised schedule), weight_decay, clipping, then the rule's own. */
    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("learning_rate", schedule == null ? (Object) learningRate : Schedules.serialize(schedule));
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        putConfig(c);
        if (l2 != 0) c.put("l2", l2);
        if (!decayExclusions.isEmpty()) c.put("exclude_from_weight_decay", List.copyOf(decayExclusions));
        return c;
    }

    /** Reads the shared keys of {@link #config()} back (used by {@link Optimizers#fromConfig}). */
    final T applySharedConfig(Configs cfg, Map<?, ?> raw) {
        Object lr = raw.get("learning_rate");
        if (lr instanceof Map<?, ?> s) {
            @SuppressWarnings("unchecked")
            Map<String, ?> serialized = (Map<String, ?>) s;
            schedule(Schedules.deserialize(serialized));
        } else if (lr != null) {
            learningRate(cfg.number("learning_rate"));
        }
        if (cfg.has("weight_decay")) weightDecay(cfg.number("weight_decay"));
        if (cfg.has("clipnorm")) clipnorm(cfg.number("clipnorm"));
        if (cfg.has("global_clipnorm")) globalClipnorm(cfg.number("global_clipnorm"));
        if (cfg.has("clipvalue")) clipvalue(cfg.number("clipvalue"));
        if (cfg.has("l2")) l2(cfg.number("l2"));
        if (cfg.has("exclude_from_weight_decay")) {
            for (Object f : cfg.list("exclude_from_weight_decay")) excludeFromWeightDecay(String.valueOf(f));
        }
        return self();
    }

    @Override
    public String toString() {
        return name() + config();
    }

    /**
     * The rule applied to every trainable element, as one range over all parameters laid end to
     * end, split over the pool in blocks of {@value #BLOCK} elements when there are enough of them
     * (a parameter may be shared by two parts). A reusable body: a step allocates nothing.
     */
    private final class Updates implements Parallel.RangeBody {
        /** Elements per unit of work: a multiple of every vector length, so that parts start aligned. */
        static final int BLOCK = 1024;
        /** Below this many elements the update runs on the calling thread. */
        static final int PARALLEL_MIN = 64 * 1024;
        private final long[] starts = new long[values.length + 1];
        private long step;
        private float lr, decay;

        Updates() {
            for (int i = 0; i < values.length; i++) starts[i + 1] = starts[i] + values[i].size();
        }

        void run(long step, float lr, float decay) {
            this.step = step;
            this.lr = lr;
            this.decay = decay;
            long total = starts[values.length];
            int units = (int) ((total + BLOCK - 1) / BLOCK);
            Parallel.forRange(units, total >= PARALLEL_MIN ? 1 : units, this);
        }

        @Override
        public void run(int startUnit, int endUnit) {
            long from = (long) startUnit * BLOCK, to = Math.min(starts[values.length], (long) endUnit * BLOCK);
            for (int i = 0; i < values.length && from < to; i++) {
                if (starts[i + 1] <= from) continue;
                long lo = from - starts[i], hi = Math.min(to, starts[i + 1]) - starts[i];
                update(values[i], grads[i], state[i], step, lr, regularized[i] ? decay : 1f, (int) lo, (int) (hi - lo));
                from = starts[i] + hi;
            }
        }
    }
}
