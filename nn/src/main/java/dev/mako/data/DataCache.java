package dev.mako.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The per-user folder of verified data set files, {@code $XDG_CACHE_HOME/mako/datasets/<name>}
 * ({@code ~/.cache/...} when the variable is unset). A file enters it only through
 * {@link #commit}: written to a temporary name in the folder, checked against its SHA-256, then
 * renamed, so the folder never holds a partial or unverified file under a real name.
 */
public final class DataCache {
    private final Path root;

    public DataCache(Path root) {
        this.root = root;
    }

    /** The default cache root, from {@code XDG_CACHE_HOME} or the home folder. */
    public static DataCache standard() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new DataCache(base.resolve("mako").resolve("datasets"));
    }

    public Path root() {
        return root;
    }

    /** The folder of one data set. */
    public Path dir(DatasetSpec spec) {
        return root.resolve(spec.name());
    }

    /** A new temporary file in the data set's folder, for a download in progress. */
    public Path newTempFile(DatasetSpec spec, String fileName) throws IOException {
        Path dir = dir(spec);
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + fileName + ".", ".part");
    }

    /**
     * Checks {@code temp} against the checksum of {@code file} in the given form and renames it to
     * its real name; a mismatch (or an unknown checksum) deletes it and throws.
     */
    public Path commit(DatasetSpec spec, DataFile file, Path temp, boolean gzip) throws IOException {
        String target = gzip ? file.gzipName() : file.name();
        try {
            String expected = file.sha256(gzip);
            if (expected == null) throw new IOException(target + ": no known checksum for this form, so it is not cached");
            String actual = Sha256.of(temp);
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(target + ": SHA-256 " + actual + ", expected " + expected);
            }
            Path dest = dir(spec).resolve(target);
            try {
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            return dest;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A file whose content is not the published one. */
    public static final class ChecksumMismatchException extends IOException {
        public ChecksumMismatchException(String message) {
            super(message);
        }
    }
}
