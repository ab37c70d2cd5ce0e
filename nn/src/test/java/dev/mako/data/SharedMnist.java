package dev.mako.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MNIST files kept beside the repository, in {@code shared/datasets/mnist} next to the
 * checkout (found by walking up from the working directory). Tests that need them are skipped
 * where they are absent.
 */
final class SharedMnist {
    private SharedMnist() {}

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) return candidate;
        }
        assumeTrue(false, "shared/datasets/mnist not found above " + Path.of("").toAbsolutePath() + "; skipping");
        return null;
    }
}
