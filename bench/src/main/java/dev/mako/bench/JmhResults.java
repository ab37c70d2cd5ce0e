package dev.mako.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code ./mako bench jmh} keeps JMH's results: unless the options choose a result format
 * or file themselves ({@code -rf}, {@code -rff}), JMH is told to write JSON to a new
 * {@code jmh-<yyyyMMdd-HHmmss>.json} in {@code bench/results/} of the source tree. Every option
 * given is passed on unchanged.
 *
 * @param arguments what to pass to JMH
 * @param file the result file added, or null when the options name their own
 */
public record JmhResults(List<String> arguments, Path file) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The plan for these options, with a new file in {@code dir} (created if missing) named after {@code now}. */
    public static JmhResults plan(List<String> options, Path dir, LocalDateTime now) throws IOException {
        if (namesResults(options)) return new JmhResults(List.copyOf(options), null);
        Files.createDirectories(dir);
        Path file = newFile(dir, now);
        List<String> args = new ArrayList<>(List.of("-rf", "json", "-rff", file.toString()));
        args.addAll(options); // after ours, so that an option left without its value cannot take one of ours
        return new JmhResults(List.copyOf(args), file);
    }

    /** {@code bench/results} of the source tree this build came from, else of the working directory. */
    public static Path defaultDirectory() {
        return SourceTree.find("bench/pom.xml").map(pom -> pom.resolveSibling("results"))
                .orElse(Path.of("bench", "results").toAbsolutePath());
    }

    /** True when the options choose JMH's result format or file. */
    static boolean namesResults(List<String> options) {
        for (String o : options) {
            if (o.equals("-rf") || o.equals("-rff") || o.startsWith("-rf=") || o.startsWith("-rff=")) return true;
        }
        return false;
    }

    /** jmh-STAMP.json, or jmh-STAMP-2.json and so on when a run in the same second took it. */
    static Path newFile(Path dir, LocalDateTime now) {
        String stem = "jmh-" + STAMP.format(now);
        Path file = dir.resolve(stem + ".json");
        for (int i = 2; Files.exists(file); i++) file = dir.resolve(stem + "-" + i + ".json");
        return file;
    }
}
