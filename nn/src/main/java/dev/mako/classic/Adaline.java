package dev.mako.classic;

import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Widrow and Hoff's Adaline: a linear unit z = w·x + b trained by least squares, with labels in
 * {−1, 1} and the prediction {@code z ≥ 0 ? 1 : −1}. Unlike the perceptron it learns from the
 * size of every error, not only from mistakes, so it settles even when the classes overlap.
 * The loss is {@code ½·mean((y − z)²)}; gradient descent on it is the delta rule:
 * <ul>
 *   <li>{@link Mode#BATCH}: per epoch, {@code w += lr·mean((y − z)·x)}, {@code b += lr·mean(y − z)}
 *       over all samples at once (two GEMV-shaped GEMMs);</li>
 *   <li>{@link Mode#STOCHASTIC}: {@code w += lr·(y − z)·x}, {@code b += lr·(y − z)} after each
 *       sample, visiting them in a new seeded order every epoch (Widrow–Hoff's LMS).</li>
 * </ul>
 * The recorded loss of an epoch is measured with the weights the updates saw: before the batch
 * step, or averaged over the samples before each stochastic step. Too large a learning rate
 * makes the loss grow without bound; the history shows it.
 *
 * <p>Like {@link Perceptron} it calls the kernels directly: the update is one line of algebra,
 * and spelling it out is the point. Weights start at zero.
 */
public final class Adaline implements AutoCloseable {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Whole-batch gradient descent, or one update per sample. */
    public enum Mode { BATCH, STOCHASTIC }

    private final TensorStore store = new TensorStore("adaline");
    private final Workspace scratch = new Workspace(1 << 14);
    private float learningRate = 0.01f;
    private int epochs = 50;
    private Mode mode = Mode.BATCH;
    private long seed = 1;
    private Tensor w;
    private float b;
    private int features;

    public Adaline learningRate(float lr) {
        if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("Adaline learning rate must be > 0, got " + lr);
        this.learningRate = lr;
        return this;
    }

    public Adaline epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Adaline needs at least one epoch, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    public Adaline mode(Mode mode) {
        if (mode == null) throw new IllegalArgumentException("mode is null");
        this.mode = mode;
        return this;
    }

    /** Seed of the sample order in {@link Mode#STOCHASTIC} mode. */
    public Adaline seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Trains from zero weights on x [n, features] and labels y [n] in {−1, 1}; returns the loss of each epoch. */
    public LossHistory fit(Tensor x, Tensor y) {
        Samples.checkShapes("Adaline", x, y);
        float[] labels = Samples.labels("Adaline", y, -1f, 1f);
        Tensor xs = x.contiguous();
        int f = xs.dim(1);
        if (w == null || features != f) w = store.allocate(f);
        features = f;
        w.fill(0f);
        b = 0f;
        scratch.reset();
        double[] losses = mode == Mode.BATCH ? fitBatch(xs, labels) : fitStochastic(xs, labels);
        scratch.reset();
        return new LossHistory(losses);
    }

    private double[] fitBatch(Tensor xs, float[] labels) {
        int n = xs.dim(0), f = xs.dim(1);
        Tensor yt = scratch.allocate(n).copyFrom(labels);
        Tensor z = scratch.allocate(n), err = scratch.allocate(n), gw = scratch.allocate(f);
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            Linear.netInput(xs, w, b, z);
            Elementwise.sub(yt.segment(), yt.offset(), z.segment(), z.offset(), err.segment(), err.offset(), n);
            losses[epoch] = 0.5 * Reductions.sumOfSquares(err.segment(), err.offset(), n) / n;
            Linear.transposedTimes(xs, err, gw);
            Elementwise.axpy(learningRate / n, gw.segment(), gw.offset(), w.segment(), w.offset(), f);
            b += learningRate * Reductions.sum(err.segment(), err.offset(), n) / n;
        }
        return losses;
    }

    private double[] fitStochastic(Tensor xs, float[] labels) {
        int n = xs.dim(0), f = xs.dim(1);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        MemorySegment xseg = xs.segment(), wseg = w.segment();
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            for (int k : order) {
                long row = xs.offset() + (long) k * f;
                float e = labels[k] - (Reductions.dot(wseg, w.offset(), xseg, row, f) + b);
                sum += 0.5 * e * e;
                Elementwise.axpy(learningRate * e, xseg, row, wseg, w.offset(), f);
                b += learningRate * e;
            }
            losses[epoch] = sum / n;
        }
        return losses;
    }

    /** The linear output z = w·x + b of each row of x [n, features], in a new tensor of x's owner. */
    public Tensor netInput(Tensor x) {
        Samples.checkFeatures("Adaline", x, features);
        Tensor xs = x.contiguous();
        Tensor z = xs.owner().allocate(xs.dim(0));
        Linear.netInput(xs, w, b, z);
        return z;
    }

    /** −1 or 1 for each row of x (the linear output thresholded at 0), in a new tensor of x's owner. */
    public Tensor predict(Tensor x) {
        Tensor z = netInput(x);
        MemorySegment s = z.segment();
        for (int i = 0; i < z.dim(0); i++) {
            long k = z.offset() + i;
            s.setAtIndex(F, k, s.getAtIndex(F, k) >= 0f ? 1f : -1f);
        }
        return z;
    }

    /** Fraction of samples whose predicted label equals y. */
    public double accuracy(Tensor x, Tensor y) {
        Samples.checkShapes("Adaline", x, y);
        return Samples.agreement(predict(x).toArray(), y.toArray());
    }

    /** A copy of the weights. */
    public float[] weights() {
        Samples.requireTrained("Adaline", features);
        return w.toArray();
    }

    public float bias() {
        return b;
    }

    @Override
    public void close() {
        scratch.close();
        store.close();
    }
}
