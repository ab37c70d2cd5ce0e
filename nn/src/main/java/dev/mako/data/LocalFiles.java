package dev.mako.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a data set's files in a folder, as {@code name.gz} or uncompressed {@code name}, and
 * verifies each against its SHA-256.
 */
final class LocalFiles {
    private LocalFiles() {}

    /** What a folder holds: the verified files, what is wrong with the others, and notes. */
    record Found(Map<DataFile, Path> files, List<String> problems, List<String> notes) {
        boolean complete(DatasetSpec spec) {
            return files.size() == spec.files().size();
        }
    }

    /**
     * @param acceptUnverified accept an uncompressed file whose checksum is unknown (user folders
     *     only; its structure is still checked when it is read)
     * @param deleteCorrupt remove files that fail verification (the cache only)
     */
    static Found find(DatasetSpec spec, Path dir, boolean acceptUnverified, boolean deleteCorrupt) throws IOException {
        Map<DataFile, Path> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (DataFile f : spec.files()) {
            String problem = null;
            for (boolean gzip : new boolean[] {true, false}) {
                Path p = dir.resolve(gzip ? f.gzipName() : f.name());
                if (!Files.isRegularFile(p)) continue;
                String expected = f.sha256(gzip);
                if (expected == null) {
                    if (acceptUnverified) {
                        files.put(f, p);
                        notes.add(p.getFileName() + " has no published checksum (structure checked only)");
                        break;
                    }
                    continue;
                }
                String actual = Sha256.of(p);
                if (actual.equals(expected)) {
                    files.put(f, p);
                    break;
                }
                problem = p.getFileName() + " has SHA-256 " + actual + ", expected " + expected;
                if (deleteCorrupt) {
                    Files.deleteIfExists(p);
                    problem += " (deleted)";
                }
            }
            if (!files.containsKey(f)) problems.add(problem != null ? problem : "no " + f.gzipName() + " or " + f.name());
        }
        return new Found(files, problems, notes);
    }
}
