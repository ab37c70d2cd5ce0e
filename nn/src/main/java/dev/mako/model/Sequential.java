package dev.mako.model;

import dev.mako.autograd.StepProfile;
import dev.mako.autograd.Tape;
import dev.mako.data.Batches;
import dev.mako.layers.BuildContext;
import dev.mako.layers.InputLayer;
import dev.mako.layers.Layer;
import dev.mako.layers.Parameter;
import dev.mako.losses.Loss;
import dev.mako.metrics.Metric;
import dev.mako.metrics.Metrics;
import dev.mako.optim.Optimizer;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorOwner;
import dev.mako.tensor.TensorStore;
import dev.mako.io.Configs;
import dev.mako.io.FileFormatException;
import dev.mako.io.ModelFile;
import dev.mako.layers.LayerConfigs;
import dev.mako.losses.Losses;
import dev.mako.optim.Optimizers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stack of layers, Keras-style: {@code compile}, {@code fit}, {@code evaluate}, {@code predict},
 * {@code summary}. The model owns its parameters and optimizer state (closed by {@link #close()})
 * and one training tape whose workspace is recycled every step, so a warmed-up training step
 * allocates nothing on the Java heap.
 *
 * <p>The input shape comes from a leading {@link InputLayer} (or {@link #build(int...)}).
 * Weights are created on first need with the model's seed ({@link #seed(long)}).
 */
public final class Sequential implements AutoCloseable {
    private final List<Layer> layers = new ArrayList<>();
    private String name = "sequential";
    private long seed = 0;
    private TensorStore store;
    private Layer[] stack;
    private Parameter[] parameters;
    private Parameter[] trainable;
    private Optimizer optimizer;
    private Loss loss;
    private Metric[] metrics = new Metric[0];
    private Tape trainTape;
    private Tape inferTape;
    private boolean stopTraining;
    private boolean closed;
    private PrintStream out = System.out;

    public static Sequential of(Layer... layers) {
        Sequential m = new Sequential();
        for (Layer l : layers) m.add(l);
        return m;
    }

    public Sequential add(Layer layer) {
        checkOpen();
        if (store != null) throw new IllegalStateException("cannot add layers to built model " + name);
        layers.add(layer);
        return this;
    }

    /** Seed of the weight initialisation (and of dropout masks through the layers' streams). */
    public Sequential seed(long seed) {
        if (store != null) throw new IllegalStateException("seed must be set before the model is built");
        this.seed = seed;
        return this;
    }

    public Sequential named(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    /** Where fit and evaluate print progress (default standard output). */
    public Sequential printTo(PrintStream out) {
        this.out = out;
        return this;
    }

    /** Builds every layer for per-sample inputs of {@code inputShape}, creating the weights. */
    public Sequential build(int... inputShape) {
        checkOpen();
        if (store != null) throw new IllegalStateException("model " + name + " is already built");
        if (layers.isEmpty()) throw new IllegalStateException("model " + name + " has no layers");
        store = new TensorStore("model " + name);
        BuildContext ctx = new BuildContext(store, seed);
        assignNames();
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            try {
                l.build(shape, ctx, i);
            } catch (RuntimeException e) {
                store.close();
                store = null;
                throw e;
            }
            shape = l.outputShape();
        }
        stack = layers.toArray(new Layer[0]);
        List<Parameter> all = new ArrayList<>(), train = new ArrayList<>();
        for (Layer l : layers) {
            for (Parameter p : l.parameters()) {
                all.add(p);
                if (p.trainable()) train.add(p);
            }
        }
        parameters = all.toArray(new Parameter[0]);
        trainable = train.toArray(new Parameter[0]);
        return this;
    }

    private void ensureBuilt() {
        checkOpen();
        if (store != null) return;
        if (!layers.isEmpty() && layers.get(0) instanceof InputLayer in) {
            build(in.shape());
        } else if (!layers.isEmpty() && layers.get(0).declaredInputShape() != null) {
            build(layers.get(0).declaredInputShape());
        } else {
            throw new IllegalStateException("model " + name + " does not know its input shape: start it with Layers.input(...), "
                    + "give the first layer an input shape, or call build(shape)");
        }
    }

    /** Keras default names: "dense", "dense_1", ... per layer type, for layers not named explicitly. */
    private void assignNames() {
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : layers) if (l.name() != null) used.merge(l.name(), 1, Integer::sum);
        Map<String, Integer> counters = new HashMap<>();
        for (Layer l : layers) {
            if (l.name() != null) continue;
            String base = snakeCase(l.type());
            String candidate;
            do {
                int k = counters.merge(base, 1, Integer::sum) - 1;
                candidate = k == 0 ? base : base + "_" + k;
            } while (used.containsKey(candidate));
            used.put(candidate, 1);
            l.named(candidate);
        }
    }

    static String snakeCase(String type) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            boolean boundary = Character.isUpperCase(c) && i > 0
                    && (Character.isLowerCase(type.charAt(i - 1)) || (i + 1 < type.length() && Character.isLowerCase(type.charAt(i + 1))));
            if (boundary) sb.append('_');
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    // ---- compile -----------------------------------------------------------------------------

    /** Chooses optimizer, loss and metrics (e.g. {@code Metrics.ACCURACY}); builds the model if needed. */
    public void compile(Optimizer optimizer, Loss loss, String... metricNames) {
        ensureBuilt();
        if (optimizer == null || loss == null) throw new IllegalArgumentException("compile needs an optimizer and a loss");
        this.optimizer = optimizer;
        this.loss = loss;
        Metric[] m = new Metric[metricNames.length];
        for (int i = 0; i < m.length; i++) m[i] = Metrics.byName(metricNames[i], loss.name());
        this.metrics = m;
        optimizer.build(List.of(trainable), store);
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    // ---- training ----------------------------------------------------------------------------

    /** Trains on (x, y); y as the loss expects it (class indices for sparse losses). */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireCompiled();
        checkSamples(x, y);
        Tensor trainX = x, trainY = y, valX = options.validationX, valY = options.validationY;
        if (options.validationSplit > 0) {
            int n = x.dim(0);
            int nVal = (int) (n * options.validationSplit);
            if (nVal == 0 || nVal == n) throw new IllegalArgumentException("validation split " + options.validationSplit + " of " + n + " samples leaves an empty set");
            trainX = x.slice(0, 0, n - nVal);
            trainY = y.slice(0, 0, n - nVal);
            valX = x.slice(0, n - nVal, n);
            valY = y.slice(0, n - nVal, n);
        }
        if (valX != null) checkSamples(valX, valY);
        Batches batcher = new Batches(trainX, trainY, options.batchSize, options.shuffle, options.seed);
        ProgressPrinter progress = new ProgressPrinter(out, options.verbose, ProgressPrinter.stdoutIsTerminal() && out == System.out);
        History history = new History();
        stopTraining = false;
        for (Callback c : options.callbacks) c.onTrainBegin(this);
        Tape tape = trainTape();
        StepProfile profile = options.profile ? newProfile() : null;
        tape.profile(profile);
        history.profile(profile);
        long globalStep = optimizer.iterations();
        for (int epoch = 0; epoch < options.epochs && !stopTraining; epoch++) {
            for (Callback c : options.callbacks) c.onEpochBegin(this, epoch);
            long start = System.nanoTime();
            batcher.startEpoch(epoch);
            progress.epochBegin(epoch, options.epochs, batcher.batchesPerEpoch());
            for (Metric m : metrics) m.reset();
            if (profile != null) profile.clear();
            double lossSum = 0;
            long seen = 0;
            int step = 0;
            while (true) {
                long stepStart = System.nanoTime();
                tape.reset();
                if (!batcher.next(tape.workspace())) break;
                Tensor xb = batcher.x(), yb = batcher.y();
                float l = trainStep(tape, xb, yb, epoch, step, globalStep);
                if (profile != null) profile.step(System.nanoTime() - stepStart);
                int b = xb.dim(0);
                lossSum += (double) l * b;
                seen += b;
                step++;
                globalStep++;
                if (metrics.length > 0) {
                    progress.step(step, "loss", lossSum / seen, metrics[0].name(), metrics[0].result());
                } else {
                    progress.step(step, "loss", lossSum / seen, null, 0);
                }
            }
            tape.reset();
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / Math.max(1, seen));
            for (Metric m : metrics) logs.put(m.name(), m.result());
            if (valX != null) {
                Map<String, Double> val = evaluate(valX, valY, options.batchSize);
                val.forEach((k, v) -> logs.put("val_" + k, v));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.epochEnd(logs);
            history.record(logs, seconds);
            for (Callback c : options.callbacks) c.onEpochEnd(this, epoch, logs);
        }
        tape.profile(null);
        for (Callback c : options.callbacks) c.onTrainEnd(this);
        return history;
    }

    /**
     * One update on one batch: forward, loss, backward, optimizer step. Returns the batch loss.
     * The batch must live in the given tape's workspace or longer; the caller resets the tape.
     */
    private float trainStep(Tape tape, Tensor xb, Tensor yb, int epoch, int step, long globalStep) {
        for (Parameter p : trainable) p.zeroGrad();
        Tensor pred = forward(tape, xb, true);
        StepProfile profile = tape.profile();
        long start = profile == null ? 0 : System.nanoTime();
        tape.scope(stack.length);
        Tensor l = loss.compute(tape, pred, yb);
        if (profile != null) profile.add(stack.length, StepProfile.Phase.FORWARD, System.nanoTime() - start);
        float value = l.getFlat(0);
        if (!Float.isFinite(value)) throw new NonFiniteLossException(value, epoch, step, globalStep);
        for (Metric m : metrics) m.update(pred, yb);
        tape.backward(l);
        start = profile == null ? 0 : System.nanoTime();
        optimizer.step();
        if (profile != null) profile.add(stack.length + 1, StepProfile.Phase.BACKWARD, System.nanoTime() - start);
        return value;
    }

    /** One update on one batch, for custom loops (Keras' {@code train_on_batch}). Returns the batch loss. */
    public float trainOnBatch(Tensor x, Tensor y) {
        requireCompiled();
        checkSamples(x, y);
        Tape tape = trainTape();
        tape.reset();
        try {
            return trainStep(tape, x, y, 0, 0, optimizer.iterations());
        } finally {
            tape.reset();
        }
    }

    /** Runs the layers; {@code training} selects dropout/batch-norm behaviour. */
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        ensureBuilt();
        Tensor h = x;
        StepProfile profile = tape.profile();
        for (int i = 0; i < stack.length; i++) {
            tape.scope(i);
            long start = profile == null ? 0 : System.nanoTime();
            h = stack[i].forward(tape, h, training);
            if (profile != null) profile.add(i, StepProfile.Phase.FORWARD, System.nanoTime() - start);
        }
        return h;
    }

    /** Rows: the layers, the loss, the optimizer step (charged as backward: it follows the backward pass). */
    private StepProfile newProfile() {
        String[] names = new String[stack.length + 2];
        for (int i = 0; i < stack.length; i++) names[i] = stack[i].name();
        names[stack.length] = "loss";
        names[stack.length + 1] = "optimizer step";
        return new StepProfile(names);
    }

    /** Asks fit to stop after the current epoch (used by callbacks such as early stopping). */
    public void stopTraining() {
        stopTraining = true;
    }

    // ---- evaluation and prediction -----------------------------------------------------------

    /** Mean loss and metrics over (x, y), batch size 32. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled();
        checkSamples(x, y);
        Tape tape = inferTape();
        Metric[] ms = new Metric[metrics.length];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = Metrics.byName(metrics[i].name(), loss.name());
            ms[i].reset();
        }
        Batches batcher = new Batches(x, y, batchSize, false, 0);
        batcher.startEpoch(0);
        double lossSum = 0;
        long seen = 0;
        try (var noGrad = tape.noGrad()) {
            while (true) {
                tape.reset();
                if (!batcher.next(tape.workspace())) break;
                Tensor pred = forward(tape, batcher.x(), false);
                Tensor l = loss.compute(tape, pred, batcher.y());
                lossSum += (double) l.getFlat(0) * batcher.x().dim(0);
                seen += batcher.x().dim(0);
                for (Metric m : ms) m.update(pred, batcher.y());
            }
        } finally {
            tape.reset();
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("loss", lossSum / Math.max(1, seen));
        for (Metric m : ms) result.put(m.name(), m.result());
        return result;
    }

    /** Outputs for every sample of x, in batches of 32, as a tensor owned by x's owner. */
    public Tensor predict(Tensor x) {
        return predict(x, 32, x.owner());
    }

    /** Outputs for every sample of x, computed in batches without a tape, written into a tensor of {@code into}. */
    public Tensor predict(Tensor x, int batchSize, TensorOwner into) {
        ensureBuilt();
        int[] expected = stack[0].inputShape();
        int n = x.dim(0);
        boolean ok = x.rank() == expected.length + 1;
        for (int i = 0; ok && i < expected.length; i++) ok = x.dim(i + 1) == expected[i];
        if (!ok) throw new IllegalArgumentException("model " + name + " expects inputs [batch, " + Summary.shape(expected).substring(7) + " but got " + x.shapeString());
        int[] outShape = stack[stack.length - 1].outputShape();
        int[] full = new int[outShape.length + 1];
        full[0] = n;
        System.arraycopy(outShape, 0, full, 1, outShape.length);
        Tensor result = into.allocate(full);
        long row = result.size() / Math.max(1, n);
        Tape tape = inferTape();
        try (var noGrad = tape.noGrad()) {
            for (int start = 0; start < n; start += batchSize) {
                tape.reset();
                int end = Math.min(n, start + batchSize);
                Tensor pred = forward(tape, x.slice(0, start, end).contiguous(), false).contiguous();
                java.lang.foreign.MemorySegment.copy(pred.segment(), pred.offset() * 4, result.segment(),
                        (result.offset() + start * row) * 4, (end - start) * row * 4);
            }
        } finally {
            tape.reset();
        }
        return result;
    }

    // ---- save / load ---------------------------------------------------------------------------

    /**
     * Saves weights (safetensors, names like {@code dense_1.kernel}, readable by PyTorch's
     * safetensors loader) with the architecture and compile settings as JSON in the same file.
     * A path ending in '/' or naming an existing folder gets {@code model.safetensors} +
     * {@code model.json} instead. Written to a temporary file and renamed.
     */
    public void save(Path path) throws IOException {
        ensureBuilt();
        if (Files.isDirectory(path) || path.toString().endsWith("/")) {
            ModelFile.saveFolder(path, List.of(parameters), config());
        } else {
            ModelFile.save(path, List.of(parameters), config());
        }
    }

    /**
     * Loads a model written by {@link #save}: rebuilds the layers, copies the weights (strictly:
     * missing, unexpected or mis-shaped tensors throw, naming them) and, if the model was
     * compiled, compiles it again with the saved optimizer hyper-parameters, loss and metrics.
     */
    public static Sequential load(Path path) throws IOException {
        Map<String, Object> cfg = ModelFile.readConfig(path);
        Configs c = new Configs("model file " + path, cfg);
        if (!"mako.sequential".equals(c.string("format", ""))) {
            throw new FileFormatException(path, "not a Mako Sequential model (format '" + cfg.get("format") + "')");
        }
        Sequential m = new Sequential().named(c.string("name", "sequential")).seed(c.integer("seed", 0));
        try {
            for (Object o : c.list("layers")) {
                if (!(o instanceof Map<?, ?> entry)) throw new FileFormatException(path, "layer entry is not an object: " + o);
                Configs e = new Configs("model file " + path + " layer", entry);
                m.add(LayerConfigs.fromConfig(e.string("class_name"), e.string("name"), e.map("config")));
            }
            m.build(c.ints("input_shape"));
            ModelFile.loadWeights(path, List.of(m.parameters), true);
            if (c.has("compile")) {
                Configs comp = new Configs("model file " + path + " compile", c.map("compile"));
                Configs lossCfg = new Configs("model file " + path + " loss", comp.map("loss"));
                Loss loss = Losses.fromName(lossCfg.string("name"), lossCfg.bool("from_logits", false));
                List<?> metricNames = comp.list("metrics");
                String[] names = new String[metricNames.size()];
                for (int i = 0; i < names.length; i++) names[i] = String.valueOf(metricNames.get(i));
                @SuppressWarnings("unchecked")
                Map<String, ?> optimizerConfig = (Map<String, ?>) comp.map("optimizer");
                m.compile(Optimizers.fromConfig(optimizerConfig), loss, names);
            }
            return m;
        } catch (RuntimeException | IOException e) {
            m.close();
            throw e;
        }
    }

    /** The architecture and compile settings, as saved beside the weights. */
    public Map<String, Object> config() {
        ensureBuilt();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", "mako.sequential");
        c.put("version", 1);
        c.put("name", name);
        c.put("seed", seed);
        c.put("input_shape", java.util.Arrays.stream(stack[0].inputShape()).boxed().toList());
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", l.type());
            entry.put("name", l.name());
            entry.put("config", l.config());
            ls.add(entry);
        }
        c.put("layers", ls);
        if (optimizer != null) {
            Map<String, Object> compile = new LinkedHashMap<>();
            compile.put("optimizer", optimizer.config());
            compile.put("loss", loss.config());
            List<String> names = new ArrayList<>();
            for (Metric m : metrics) names.add(m.name());
            compile.put("metrics", names);
            c.put("compile", compile);
        }
        return c;
    }

    /** A thread-safe, allocation-free inference handle over this model's weights. */
    public Predictor predictor() {
        ensureBuilt();
        return new Predictor(this);
    }

    // ---- inspection ----------------------------------------------------------------------------

    /** Prints the Keras-style summary table to standard output. */
    public void summary() {
        out.print(summaryString());
    }

    public String summaryString() {
        ensureBuilt();
        return Summary.format(name, layers);
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** All parameters in layer order, trainable and not (e.g. batch-norm statistics). */
    public List<Parameter> parameters() {
        ensureBuilt();
        return List.of(parameters);
    }

    public long paramCount() {
        ensureBuilt();
        long n = 0;
        for (Parameter p : parameters) n += p.size();
        return n;
    }

    /** Per-sample input shape. */
    public int[] inputShape() {
        ensureBuilt();
        return stack[0].inputShape();
    }

    public int[] outputShape() {
        ensureBuilt();
        return stack[stack.length - 1].outputShape();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (trainTape != null) trainTape.close();
        if (inferTape != null) inferTape.close();
        if (store != null) store.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Sequential \"%s\" (%d layers%s)", name, layers.size(), store == null ? ", not built" : ", " + paramCount() + " params");
    }

    private Tape trainTape() {
        if (trainTape == null) trainTape = new Tape();
        return trainTape;
    }

    private Tape inferTape() {
        if (inferTape == null) inferTape = new Tape();
        return inferTape;
    }

    private void requireCompiled() {
        checkOpen();
        if (optimizer == null) throw new IllegalStateException("model " + name + " is not compiled: call compile(optimizer, loss, metrics) first");
    }

    private static void checkSamples(Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException("x and y are both required");
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x " + x.shapeString() + " and y " + y.shapeString() + " must have the same number of samples (first dimension)");
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("model " + name + " is closed");
    }
}
