package dev.mako.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real MNIST files beside the repository ({@code ../shared/datasets/mnist}), found from any module folder. */
public final class SharedData {
    private SharedData() {}

    /** The folder, or the test is skipped when it is not there. */
    public static Path mnistDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) return candidate;
            candidate = dir.resolveSibling("shared").resolve("datasets/mnist");
            if (Files.isRegularFile(candidate.resolve("train-images-idx3-ubyte.gz"))) return candidate;
        }
        assumeTrue(false, "MNIST not found beside the repository (../shared/datasets/mnist)");
        return null;
    }
}
