package dev.mako.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Calibration results kept per machine in {@code <cache>/gemm-dispatch/<key hash>.properties}, so
 * later runs start at once. The key holds everything that changes the verdict: CPU, OpenBLAS
 * library and configuration, core type, thread count, JDK, and a checksum of the Java kernel
 * and thread-pool classes. A file whose key or shape list differs from the current one, or that
 * cannot be parsed, is ignored (and replaced by the next calibration). Files are written to a
 * temporary name and renamed into place. A provisional result (busy machine, budget cut short,
 * Java kernel not yet compiled) is marked as such so that a later run measures again when the
 * machine is quiet.
 */
final class GemmCalibrationCache {
    private GemmCalibrationCache() {}

    /** The file for {@code key} under {@code cacheRoot}. */
    static Path file(Path cacheRoot, Map<String, String> key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            key.forEach((k, v) -> sha.update((k + '=' + v + '\n').getBytes(StandardCharsets.UTF_8)));
            return cacheRoot.resolve("gemm-dispatch").resolve(HexFormat.of().formatHex(sha.digest(), 0, 8) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /**
     * A stored calibration. {@code provisional}: measured on a busy machine, before the JIT had
     * compiled the Java kernel, or cut short by the time budget (then only some shapes are present) — good enough to start with while the
     * machine stays busy, to be measured again once it is quiet.
     */
    record Stored(List<GemmTiming> timings, boolean provisional) {}

    /** The timings stored for exactly {@code key} and {@code shapes}, or empty. */
    static Optional<Stored> load(Path file, Map<String, String> key, List<GemmShape> shapes) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        for (var e : key.entrySet()) {
            if (!e.getValue().equals(p.getProperty("key." + e.getKey()))) return Optional.empty();
        }
        String provisional = p.getProperty("provisional");
        if (!"true".equals(provisional) && !"false".equals(provisional)) return Optional.empty();
        List<GemmTiming> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            GemmShape s = shapes.get(i);
            String line = p.getProperty("timing." + i);
            if (line == null) {
                if (provisional.equals("true")) continue;
                return Optional.empty();
            }
            // dims java X openblas Y java-1T Z openblas-1T W (GFLOP/s)
            String[] f = line.trim().split("\\s+");
            try {
                if (f.length != 9 || !f[0].equals(s.dims().replace(' ', '_'))) return Optional.empty();
                double java = Double.parseDouble(f[2]), openBlas = Double.parseDouble(f[4]);
                double java1 = Double.parseDouble(f[6]), openBlas1 = Double.parseDouble(f[8]);
                if (!(java > 0 && openBlas > 0 && java1 > 0 && openBlas1 > 0)) return Optional.empty();
                out.add(new GemmTiming(s, java, openBlas, java1, openBlas1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (out.isEmpty()) return Optional.empty();
        return Optional.of(new Stored(out, provisional.equals("true")));
    }

    /** Stores {@code timings} (a subset of {@code shapes} in their order when provisional). */
    static void save(Path file, Map<String, String> key, List<GemmShape> shapes, Stored stored) throws IOException {
        Properties p = new Properties();
        key.forEach((k, v) -> p.setProperty("key." + k, v));
        p.setProperty("provisional", Boolean.toString(stored.provisional()));
        for (GemmTiming t : stored.timings()) {
            int i = shapes.indexOf(t.shape());
            if (i < 0) throw new IllegalArgumentException("shape " + t.shape().dims() + " is not one of the calibration shapes");
            p.setProperty("timing." + i, String.format(java.util.Locale.ROOT, "%s java %.5g openblas %.5g java-1T %.5g openblas-1T %.5g",
                    t.shape().dims().replace(' ', '_'), t.javaGflops(), t.openBlasGflops(), t.javaOneThreadGflops(), t.openBlasOneThreadGflops()));
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Mako GEMM dispatch calibration: GFLOP/s of each backend per shape, all threads and 1 thread (delete to recalibrate)");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The cache key as ordered name/value pairs. */
    static Map<String, String> key(String cpu, String library, String openBlasConfig, String coreName, int threads) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("cpu", cpu);
        k.put("library", library);
        k.put("openblas", openBlasConfig);
        k.put("core", coreName);
        k.put("threads", Integer.toString(threads));
        k.put("jdk", Runtime.version() + " " + System.getProperty("os.arch"));
        k.put("kernels", kernelChecksum());
        StringBuilder shapes = new StringBuilder();
        for (GemmShape s : GemmCalibration.SHAPES) shapes.append(s.dims()).append("; ");
        k.put("shapes", shapes.toString().trim());
        return k;
    }

    /**
     * CRC32 over the class files of the kernels and the thread pool, in name order, the same
     * whether they sit in a folder or a jar: a new Java kernel (or a change to the pool it runs
     * on) makes old verdicts stale.
     */
    static String kernelChecksum() {
        CRC32 crc = new CRC32();
        try {
            CodeSource source = GemmCalibrationCache.class.getProtectionDomain().getCodeSource();
            Path where = Path.of(source.getLocation().toURI());
            List<String> prefixes = List.of("dev/mako/kernels/", "dev/mako/parallel/");
            if (Files.isDirectory(where)) {
                for (String prefix : prefixes) {
                    Path dir = where.resolve(prefix);
                    if (!Files.isDirectory(dir)) continue;
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                            crc.update((prefix + f.getFileName()).getBytes(StandardCharsets.UTF_8)); // as named in a jar
                            crc.update(Files.readAllBytes(f));
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    List<JarEntry> entries = jar.stream()
                            .filter(e -> e.getName().endsWith(".class") && prefixes.stream().anyMatch(p -> e.getName().startsWith(p)))
                            .sorted((x, y) -> x.getName().compareTo(y.getName()))
                            .toList();
                    for (JarEntry e : entries) {
                        crc.update(e.getName().getBytes(StandardCharsets.UTF_8));
                        try (InputStream in = jar.getInputStream(e)) {
                            crc.update(in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
        return Long.toHexString(crc.getValue());
    }
}
