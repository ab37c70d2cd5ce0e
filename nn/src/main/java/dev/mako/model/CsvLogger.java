package dev.mako.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one CSV row per epoch ({@code epoch,key1,key2,...}, keys sorted as Keras does). The file
 * is rewritten through a temporary file and renamed after every epoch, so it is never half-written.
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final List<String> rows = new ArrayList<>();
    private List<String> keys;

    public CsvLogger(Path file) {
        this.file = file;
    }

    @Override
    public void onTrainBegin(Sequential model) {
        rows.clear();
        keys = null;
    }

    @Override
    public void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {
        if (keys == null) {
            keys = logs.keySet().stream().sorted().toList();
            rows.add("epoch," + String.join(",", keys));
        }
        StringBuilder sb = new StringBuilder().append(epoch);
        for (String k : keys) {
            Double v = logs.get(k);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
        }
        rows.add(sb.toString());
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, rows);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + file, e);
        }
    }
}
