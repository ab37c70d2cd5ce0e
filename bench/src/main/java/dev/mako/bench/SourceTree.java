package dev.mako.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the bench module's source tree (the peers' programs) from the classes or jar this build runs from. */
final class SourceTree {
    private SourceTree() {}

    /**
     * The system property {@code property} if set; else {@code inBench} (a path relative to the
     * bench module, e.g. {@code python/torch_mnist.py}) found by walking up from this build's code
     * location; else that path under {@code bench/} of the working directory.
     */
    static Path locate(String property, String inBench) {
        String explicit = System.getProperty(property);
        if (explicit != null) return Path.of(explicit);
        try {
            Path dir = Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
                for (String rel : new String[] {inBench, "bench/" + inBench}) {
                    if (Files.exists(dir.resolve(rel))) return dir.resolve(rel);
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        return Path.of("bench").resolve(inBench).toAbsolutePath();
    }
}
