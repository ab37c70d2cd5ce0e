package dev.mako.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The source tree this build came from, found by walking up from the compiled classes or jar. */
final class SourceTree {
    private SourceTree() {}

    /** {@code relative} (e.g. {@code bench/pom.xml}) under the nearest of the first few ancestors of this build that holds it. */
    static Optional<Path> find(String relative) {
        try {
            Path dir = Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int up = 0; up < 6 && dir != null; up++, dir = dir.getParent()) {
                if (Files.exists(dir.resolve(relative))) return Optional.of(dir.resolve(relative));
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // not found
        }
        return Optional.empty();
    }
}
