package dev.mako.classic;

import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Rosenblatt's perceptron: a weight vector w and a bias b, labels in {−1, 1}, prediction
 * {@code sign(w·x + b)}. Training visits the samples in order and corrects each mistake
 * ({@code y·(w·x + b) ≤ 0}) by {@code w += lr·y·x; b += lr·y}, epoch after epoch, until an epoch
 * makes no mistake — which happens after finitely many mistakes exactly when the data are
 * linearly separable — or the epoch limit is reached.
 *
 * <pre>{@code
 * try (var p = new Perceptron().maxEpochs(100)) {
 *     Perceptron.Result r = p.fit(x, y);   // r.converged(), r.epochs(), r.mistakes()
 *     Tensor labels = p.predict(x);        // −1 or 1 per sample
 * }
 * }</pre>
 *
 * <p>It works on the kernels directly rather than through the autograd: the rule is not a
 * gradient step on a differentiable loss, and one dot product and one axpy per sample show the
 * algorithm as it is written. Weights start at zero (so the learning rate only scales them)
 * and live in the perceptron's own store, freed by {@link #close()}.
 */
public final class Perceptron implements AutoCloseable {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final TensorStore store = new TensorStore("perceptron");
    private float learningRate = 1f;
    private int maxEpochs = 100;
    private Tensor w;
    private float b;
    private int features;

    /** What training did. */
    public record Result(boolean converged, int epochs, long mistakes, int[] mistakesPerEpoch) {
        public Result {
            mistakesPerEpoch = mistakesPerEpoch.clone();
        }

        @Override
        public int[] mistakesPerEpoch() {
            return mistakesPerEpoch.clone();
        }

        @Override
        public String toString() {
            return (converged ? "converged after " : "did not converge in ") + epochs + " epochs, " + mistakes
                    + " mistakes " + Arrays.toString(mistakesPerEpoch);
        }
    }

    public Perceptron learningRate(float lr) {
        if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("perceptron learning rate must be > 0, got " + lr);
        this.learningRate = lr;
        return this;
    }

    /** Epochs to try before giving up (default 100). */
    public Perceptron maxEpochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("perceptron needs at least one epoch, got " + epochs);
        this.maxEpochs = epochs;
        return this;
    }

    /** Trains from zero weights on x [n, features] and labels y [n] in {−1, 1}. */
    public Result fit(Tensor x, Tensor y) {
        Samples.checkShapes("perceptron", x, y);
        float[] labels = Samples.labels("perceptron", y, -1f, 1f);
        Tensor xs = x.contiguous();
        int n = xs.dim(0), f = xs.dim(1);
        if (w == null || features != f) w = store.allocate(f);
        features = f;
        w.fill(0f);
        b = 0f;
        MemorySegment xseg = xs.segment(), wseg = w.segment();
        int[] perEpoch = new int[maxEpochs];
        long total = 0;
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            int mistakes = 0;
            for (int i = 0; i < n; i++) {
                long row = xs.offset() + (long) i * f;
                float activation = Reductions.dot(wseg, w.offset(), xseg, row, f) + b;
                if (labels[i] * activation <= 0f) {
                    float step = learningRate * labels[i];
                    Elementwise.axpy(step, xseg, row, wseg, w.offset(), f);
                    b += step;
                    mistakes++;
                }
            }
            perEpoch[epoch] = mistakes;
            total += mistakes;
            if (mistakes == 0) return new Result(true, epoch + 1, total, Arrays.copyOf(perEpoch, epoch + 1));
        }
        return new Result(false, maxEpochs, total, perEpoch);
    }

    /** 1 where w·x + b ≥ 0, else −1, for each row of x [n, features], in a new tensor of x's owner. */
    public Tensor predict(Tensor x) {
        Samples.checkFeatures("perceptron", x, features);
        Tensor xs = x.contiguous();
        Tensor out = xs.owner().allocate(xs.dim(0));
        Linear.netInput(xs, w, b, out);
        MemorySegment o = out.segment();
        for (int i = 0; i < xs.dim(0); i++) {
            long k = out.offset() + i;
            o.setAtIndex(F, k, o.getAtIndex(F, k) >= 0f ? 1f : -1f);
        }
        return out;
    }

    /** Fraction of samples whose predicted label equals y. */
    public double accuracy(Tensor x, Tensor y) {
        Samples.checkShapes("perceptron", x, y);
        return Samples.agreement(predict(x).toArray(), y.toArray());
    }

    /** A copy of the weights. */
    public float[] weights() {
        Samples.requireTrained("perceptron", features);
        return w.toArray();
    }

    public float bias() {
        return b;
    }

    @Override
    public void close() {
        store.close();
    }
}
