package dev.mako.bench.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST as ND4J arrays: images {@code [n, 784]} scaled to [0, 1], labels one-hot {@code [n, 10]}
 * (what DL4J's softmax cross-entropy takes) and as class numbers for the accuracy.
 */
record Mnist(INDArray trainX, INDArray trainY, INDArray testX, int[] testLabels) {
    static final int CLASSES = 10;

    static Mnist load(Path folder) throws IOException {
        MnistFiles.Idx trainImages = MnistFiles.read(MnistFiles.pick(folder, "train-images-idx3-ubyte"));
        MnistFiles.Idx trainLabels = MnistFiles.read(MnistFiles.pick(folder, "train-labels-idx1-ubyte"));
        MnistFiles.Idx testImages = MnistFiles.read(MnistFiles.pick(folder, "t10k-images-idx3-ubyte"));
        MnistFiles.Idx testLabels = MnistFiles.read(MnistFiles.pick(folder, "t10k-labels-idx1-ubyte"));
        matching(trainImages, trainLabels, "train");
        matching(testImages, testLabels, "t10k");
        return new Mnist(images(trainImages), oneHot(classes(trainLabels)), images(testImages), classes(testLabels));
    }

    private static void matching(MnistFiles.Idx images, MnistFiles.Idx labels, String split) throws IOException {
        if (images.count() != labels.count()) {
            throw new IOException("MNIST " + split + ": " + images.count() + " images but " + labels.count() + " labels");
        }
    }

    private static INDArray images(MnistFiles.Idx idx) {
        int n = idx.count(), size = idx.itemSize();
        float[] pixels = new float[n * size];
        byte[] raw = idx.data();
        for (int i = 0; i < pixels.length; i++) pixels[i] = (raw[i] & 0xff) / 255.0f;
        return Nd4j.create(pixels, new long[] {n, size}, 'c');
    }

    private static int[] classes(MnistFiles.Idx idx) throws IOException {
        int[] c = new int[idx.count()];
        byte[] raw = idx.data();
        for (int i = 0; i < c.length; i++) {
            c[i] = raw[i] & 0xff;
            if (c[i] >= CLASSES) throw new IOException("MNIST label " + c[i] + " at index " + i + " is not a digit");
        }
        return c;
    }

    private static INDArray oneHot(int[] classes) {
        float[] hot = new float[classes.length * CLASSES];
        for (int i = 0; i < classes.length; i++) hot[i * CLASSES + classes[i]] = 1f;
        return Nd4j.create(hot, new long[] {classes.length, CLASSES}, 'c');
    }
}
