package dev.mako.bench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training loop of {@code torch_mnist.py}: each epoch draws a new permutation, gathers each
 * batch's rows (the last batch may be short) and takes one Adam step on it; wall seconds and others'
 * CPU seconds per epoch. The caller counts all epochs but the first.
 */
final class Trainer {
    private Trainer() {}

    record Epochs(List<Double> seconds, List<Double> otherCpuSeconds) {}

    static Epochs train(MultiLayerNetwork net, Mnist data, boolean rows, int epochs, int batch, long seed) {
        Random random = new Random(seed);
        long n = data.trainX().rows();
        List<Double> seconds = new ArrayList<>(), others = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            OthersCpu meter = OthersCpu.start();
            long start = System.nanoTime();
            int[] perm = permutation((int) n, random);
            for (int i = 0; i < n; i += batch) {
                int[] idx = Arrays.copyOfRange(perm, i, (int) Math.min(n, (long) i + batch));
                INDArray x = Nd4j.pullRows(data.trainX(), 1, idx);
                net.fit(rows ? asRows(x) : x, Nd4j.pullRows(data.trainY(), 1, idx));
            }
            seconds.add((System.nanoTime() - start) / 1e9);
            others.add(meter.stop());
        }
        return new Epochs(seconds, others);
    }

    /** Test accuracy in batches of 1000, inference mode (no dropout). */
    static double accuracy(MultiLayerNetwork net, Mnist data, boolean rows) {
        long n = data.testX().rows();
        int correct = 0;
        for (long i = 0; i < n; i += 1000) {
            long end = Math.min(n, i + 1000);
            INDArray x = data.testX().get(NDArrayIndex.interval(i, end), NDArrayIndex.all()).dup();
            INDArray predicted = Nd4j.argMax(net.output(rows ? asRows(x) : x, false), 1);
            for (long j = i; j < end; j++) if (predicted.getInt((int) (j - i)) == data.testLabels()[(int) j]) correct++;
        }
        return correct / (double) n;
    }

    /**
     * Seconds per 10,000 samples to predict the test set at this batch size (inference mode), the
     * median of three passes after a warm-up, as {@code torch_mnist.py} times it; the batches are
     * sliced before the clock starts, as the other sides' are views.
     */
    static double inferSeconds(MultiLayerNetwork net, Mnist data, boolean rows, int batch) {
        long n = data.testX().rows();
        List<INDArray> batches = new ArrayList<>();
        for (long i = 0; i < n; i += batch) {
            INDArray x = data.testX().get(NDArrayIndex.interval(i, Math.min(n, i + batch)), NDArrayIndex.all()).dup();
            batches.add(rows ? asRows(x) : x);
        }
        double[] passes = new double[3];
        for (int r = -1; r < passes.length; r++) {
            long start = System.nanoTime();
            for (INDArray x : batches) net.output(x, false);
            if (r >= 0) passes[r] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(passes);
        return passes[1] * 10_000 / n;
    }

    /** {@code [b, 784]} → {@code [b, 28 steps, 28 pixels]}. */
    private static INDArray asRows(INDArray x) {
        return x.reshape('c', x.rows(), Models.SIDE, Models.SIDE);
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
