package dev.mako.blas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Which file the dynamic linker mapped for a library loaded by name: the mapping holding one of its symbols. */
final class LoadedLibraries {
    private LoadedLibraries() {}

    /** The file whose mapping in {@code /proc/self/maps} contains {@code address}, if any. */
    static Optional<String> fileContaining(long address) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return Optional.empty();
        try {
            List<String> lines = Files.readAllLines(maps);
            for (String line : lines) {
                // start-end perms offset dev inode path
                int dash = line.indexOf('-'), space = line.indexOf(' '), slash = line.indexOf('/');
                if (dash < 0 || space < dash || slash < 0) continue;
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                    return Optional.of(line.substring(slash).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
