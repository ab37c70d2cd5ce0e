package dev.mako.classic;

import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Logistic regression: one sigmoid neuron {@code p = σ(w·x + b)} giving the probability of class
 * 1, labels in {0, 1}, trained by full-batch gradient descent on the mean logistic loss
 * (binary cross-entropy) {@code −mean(y·log p + (1 − y)·log(1 − p))}. Its gradient is
 * {@code mean((p − y)·x)} for w and {@code mean(p − y)} for b. The loss is computed from the
 * logits as {@code max(z, 0) − z·y + log(1 + e^−|z|)}, which equals it exactly and never takes
 * the log of 0. The loss is convex and smooth, so with a small enough learning rate it falls
 * every epoch. The recorded loss of an epoch is that of the weights before its update.
 *
 * <p>It calls the kernels directly, like the other classic learners: the gradient has a closed
 * form of two GEMMs, and writing it out shows what a sigmoid neuron learns. Weights start at
 * zero (every probability ½).
 */
public final class LogisticRegression implements AutoCloseable {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final TensorStore store = new TensorStore("logistic regression");
    private final Workspace scratch = new Workspace(1 << 14);
    private float learningRate = 0.1f;
    private int epochs = 100;
    private Tensor w;
    private float b;
    private int features;

    public LogisticRegression learningRate(float lr) {
        if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("logistic regression learning rate must be > 0, got " + lr);
        this.learningRate = lr;
        return this;
    }

    public LogisticRegression epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("logistic regression needs at least one epoch, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /** Trains from zero weights on x [n, features] and labels y [n] in {0, 1}; returns the loss of each epoch. */
    public LossHistory fit(Tensor x, Tensor y) {
        Samples.checkShapes("logistic regression", x, y);
        float[] labels = Samples.labels("logistic regression", y, 0f, 1f);
        Tensor xs = x.contiguous();
        int n = xs.dim(0), f = xs.dim(1);
        if (w == null || features != f) w = store.allocate(f);
        features = f;
        w.fill(0f);
        b = 0f;
        scratch.reset();
        Tensor yt = scratch.allocate(n).copyFrom(labels);
        Tensor z = scratch.allocate(n), p = scratch.allocate(n), gw = scratch.allocate(f);
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            Linear.netInput(xs, w, b, z);
            losses[epoch] = meanLogisticLoss(z, labels);
            Activations.forward(Activation.SIGMOID, 0f, z.segment(), z.offset(), p.segment(), p.offset(), n);
            Elementwise.sub(p.segment(), p.offset(), yt.segment(), yt.offset(), p.segment(), p.offset(), n); // p − y
            Linear.transposedTimes(xs, p, gw);
            Elementwise.axpy(-learningRate / n, gw.segment(), gw.offset(), w.segment(), w.offset(), f);
            b -= learningRate * Reductions.sum(p.segment(), p.offset(), n) / n;
        }
        scratch.reset();
        return new LossHistory(losses);
    }

    private static double meanLogisticLoss(Tensor z, float[] labels) {
        MemorySegment s = z.segment();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double zi = s.getAtIndex(F, z.offset() + i);
            sum += Math.max(zi, 0) - zi * labels[i] + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return sum / labels.length;
    }

    /** The probability of class 1 for each row of x [n, features], in a new tensor of x's owner. */
    public Tensor predictProbabilities(Tensor x) {
        Samples.checkFeatures("logistic regression", x, features);
        Tensor xs = x.contiguous();
        Tensor out = xs.owner().allocate(xs.dim(0));
        Linear.netInput(xs, w, b, out);
        Activations.forward(Activation.SIGMOID, 0f, out.segment(), out.offset(), out.segment(), out.offset(), xs.dim(0));
        return out;
    }

    /** 1 where the probability of class 1 is at least ½, else 0, in a new tensor of x's owner. */
    public Tensor predictClasses(Tensor x) {
        Tensor p = predictProbabilities(x);
        MemorySegment s = p.segment();
        for (int i = 0; i < p.dim(0); i++) {
            long k = p.offset() + i;
            s.setAtIndex(F, k, s.getAtIndex(F, k) >= 0.5f ? 1f : 0f);
        }
        return p;
    }

    /** Fraction of samples whose predicted class equals y. */
    public double accuracy(Tensor x, Tensor y) {
        Samples.checkShapes("logistic regression", x, y);
        return Samples.agreement(predictClasses(x).toArray(), y.toArray());
    }

    /** A copy of the weights. */
    public float[] weights() {
        Samples.requireTrained("logistic regression", features);
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
