package dev.mako.examples;

import dev.mako.layers.GRU;
import dev.mako.layers.InputLayer;
import dev.mako.layers.LSTM;
import dev.mako.layers.Layer;
import dev.mako.layers.Layers;
import dev.mako.losses.Losses;
import dev.mako.model.FitOptions;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Time-series forecasting in miniature: a noisy sine wave (generated, seeded), cut into windows of
 * the last {@code window} values, and a small LSTM (or GRU) trained to predict the next value. The
 * model is judged on the last fifth of the series, which it never saw, against the naive forecast
 * "the next value equals the last one". With noise σ the best possible mean squared error is σ²;
 * the naive forecast pays for the noise twice plus the wave's own change.
 */
public final class SineForecast {
    /** What to generate and how to train. */
    public record Options(int length, int period, double noise, int window, int units, boolean gru, int epochs, int batchSize,
                          double learningRate, long seed) {
        public static Options defaults() {
            return new Options(2000, 50, 0.1, 24, 32, false, 12, 32, 1e-2, 42);
        }

        public Options withEpochs(int e) {
            return new Options(length, period, noise, window, units, gru, e, batchSize, learningRate, seed);
        }

        public Options withGru(boolean g) {
            return new Options(length, period, noise, window, units, g, epochs, batchSize, learningRate, seed);
        }

        public Options withSeed(long s) {
            return new Options(length, period, noise, window, units, gru, epochs, batchSize, learningRate, s);
        }
    }

    /** Test-set mean squared errors of the model and of the last-value forecast, and seconds spent training. */
    public record Result(double modelMse, double naiveMse, double noiseFloor, double trainSeconds) {
        public boolean beatsNaive() {
            return modelMse < naiveMse;
        }
    }

    private SineForecast() {}

    /** The series: sin(2π t / period) + N(0, noise²), seeded. */
    public static float[] series(Options o) {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        float[] s = new float[o.length()];
        for (int t = 0; t < s.length; t++) s[t] = (float) (Math.sin(2 * Math.PI * t / o.period()) + o.noise() * rnd.nextGaussian());
        return s;
    }

    /** Trains on the first 80 % of the windows, prints a comparison on the rest, returns the errors. */
    public static Result run(Options o, PrintStream out) {
        float[] s = series(o);
        int samples = s.length - o.window();
        int trainN = samples * 4 / 5, testN = samples - trainN;
        try (TensorStore store = new TensorStore("sine data")) {
            Tensor xTrain = windows(store, s, 0, trainN, o.window()), yTrain = targets(store, s, 0, trainN, o.window());
            Tensor xTest = windows(store, s, trainN, testN, o.window());
            Layer rnn = o.gru() ? new GRU(o.units()) : new LSTM(o.units());
            try (Sequential model = Sequential.of(new InputLayer(o.window(), 1), rnn, Layers.dense(1)).seed(o.seed()).named("sine_forecast")) {
                model.printTo(out);
                model.compile(Optimizers.adam(o.learningRate()), Losses.meanSquaredError());
                model.summary();
                long start = System.nanoTime();
                model.fit(xTrain, yTrain, FitOptions.epochs(o.epochs()).batchSize(o.batchSize()).seed(o.seed()).verbose(o.epochs() <= 20 ? 2 : 0));
                double seconds = (System.nanoTime() - start) / 1e9;
                Tensor pred = model.predict(xTest, 256, store);
                return report(o, s, trainN, pred, seconds, out);
            }
        }
    }

    private static Result report(Options o, float[] s, int trainN, Tensor pred, double seconds, PrintStream out) {
        int testN = pred.dim(0);
        double model = 0, naive = 0;
        out.println();
        out.println("  step   actual  predicted  last value");
        for (int i = 0; i < testN; i++) {
            int t = trainN + i + o.window();
            double actual = s[t], predicted = pred.getFlat(i), last = s[t - 1];
            model += (predicted - actual) * (predicted - actual);
            naive += (last - actual) * (last - actual);
            if (i < 12) out.printf(Locale.ROOT, "  %4d  %7.3f  %9.3f  %10.3f%n", t, actual, predicted, last);
        }
        model /= testN;
        naive /= testN;
        double floor = o.noise() * o.noise();
        out.printf(Locale.ROOT, "%nmean squared error on the last %d steps (never trained on):%n", testN);
        out.printf(Locale.ROOT, "  %-5s %.5f%n", o.gru() ? "GRU" : "LSTM", model);
        out.printf(Locale.ROOT, "  last value %.5f%n", naive);
        out.printf(Locale.ROOT, "  noise σ²   %.5f (the best any forecast can do)%n", floor);
        out.printf(Locale.ROOT, "the %s %s the naive forecast by %.1fx; trained in %.1f s%n", o.gru() ? "GRU" : "LSTM",
                model < naive ? "beats" : "does not beat", naive / model, seconds);
        return new Result(model, naive, floor, seconds);
    }

    /** [n, window, 1]: sample i holds s[from + i .. from + i + window). */
    static Tensor windows(TensorStore store, float[] s, int from, int n, int window) {
        Tensor x = store.allocate(n, window, 1);
        float[] v = new float[n * window];
        for (int i = 0; i < n; i++) System.arraycopy(s, from + i, v, i * window, window);
        return x.copyFrom(v);
    }

    /** [n, 1]: the value right after each window. */
    static Tensor targets(TensorStore store, float[] s, int from, int n, int window) {
        Tensor y = store.allocate(n, 1);
        for (int i = 0; i < n; i++) y.setFlat(i, s[from + i + window]);
        return y;
    }
}
