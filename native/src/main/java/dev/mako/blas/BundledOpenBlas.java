package dev.mako.blas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * The OpenBLAS shipped in the {@code org.bytedeco:openblas} jar for linux-x86_64, and its
 * extraction into {@code <cache>/openblas/<version>/}.
 *
 * <p>Each file is written under a temporary name and renamed into place, so a concurrent process
 * never sees half a library; a cached file whose size differs from the jar entry is extracted
 * again. Only the shared libraries are used, never JavaCPP's classes.
 */
public final class BundledOpenBlas {
    private BundledOpenBlas() {}

    static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64/";
    /** Load order: each library's DT_NEEDED entries are already loaded when it is opened. */
    static final List<String> RUNTIME_LIBRARIES = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5");
    static final String OPENBLAS = "libopenblas.so.0";

    /** The jar version this build ships, e.g. {@code 0.3.30-1.5.12}. */
    public static String version() {
        try (InputStream in = BundledOpenBlas.class.getResourceAsStream("bundled-openblas.properties")) {
            if (in == null) throw new IllegalStateException("dev/mako/blas/bundled-openblas.properties missing from the mako-native jar");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/mako/blas/bundled-openblas.properties", e);
        }
    }

    /** True when this platform has a bundled copy and it is on the class path. */
    public static boolean isPresent() {
        return isLinuxX86_64() && resource(OPENBLAS) != null;
    }

    static boolean isLinuxX86_64() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** The folder the libraries are extracted to under {@code cacheRoot}. */
    public static Path folder(Path cacheRoot) {
        return cacheRoot.resolve("openblas").resolve(version());
    }

    /**
     * Makes sure the runtime libraries and {@code libopenblas.so.0} sit in {@link #folder} with the
     * right sizes, extracting what is missing or wrong, and returns the folder.
     */
    public static Path extract(Path cacheRoot) throws IOException {
        if (!isPresent()) throw new IOException("no bundled OpenBLAS for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " on the class path");
        Path dir = folder(cacheRoot);
        Files.createDirectories(dir);
        for (String name : RUNTIME_LIBRARIES) extractOne(name, dir);
        extractOne(OPENBLAS, dir);
        return dir;
    }

    private static void extractOne(String name, Path dir) throws IOException {
        URL url = resource(name);
        if (url == null) throw new IOException("bundled OpenBLAS is incomplete: " + RESOURCE_DIR + name + " is not on the class path");
        URLConnection conn = url.openConnection();
        long expected = conn.getContentLengthLong();
        if (expected < 0) throw new IOException("cannot tell the size of " + url);
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target) && Files.size(target) == expected) return;
        Path tmp = Files.createTempFile(dir, name + ".", ".part");
        try {
            try (InputStream in = conn.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            long got = Files.size(tmp);
            if (got != expected) throw new IOException("extracting " + url + ": wrote " + got + " bytes, expected " + expected);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static URL resource(String name) {
        return BundledOpenBlas.class.getClassLoader().getResource(RESOURCE_DIR + name);
    }
}
