package dev.mako.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds files of the bench module's source tree (the peers' programs) from the classes or jar this build runs from. */
final class SourceTree {
    private SourceTree() {}

    /**
     * The system property {@code property} if set; else {@code inBench} (a path relative to the
     * bench module, e.g. {@code python/torch_mnist.py}) found by walking up from this build's code
     * location, no higher than the repository root (the folder of the {@code mako} launcher);
     * else that path under {@code bench/} of the working directory.
     */
    static Path locate(String property, String inBench) {
        String explicit = System.getProperty(property);
        if (explicit != null) return Path.of(explicit);
        try {
            Path found = walkUp(Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI()), inBench);
            if (found != null) return found;
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        return Path.of("bench").resolve(inBench).toAbsolutePath();
    }

    /** {@code inBench} found by walking up from this build's code location (as {@link #locate} does), or empty. */
    static Optional<Path> find(String inBench) {
        try {
            return Optional.ofNullable(walkUp(Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI()), inBench));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code inBench} or {@code bench/inBench} in {@code start} or a folder above it, up to the repository root; null if none. */
    static Path walkUp(Path start, String inBench) {
        Path dir = start;
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            for (String rel : new String[] {inBench, "bench/" + inBench}) {
                if (Files.isRegularFile(dir.resolve(rel))) return dir.resolve(rel);
            }
            if (isRepositoryRoot(dir)) break; // above it lie other checkouts, not this build's files
        }
        return null;
    }

    private static boolean isRepositoryRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mako")) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
