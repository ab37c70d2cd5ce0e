package dev.mako.bench;

import dev.mako.io.AtomicFiles;
import dev.mako.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes benchmark rows as a JSON array of objects, through a temporary file renamed into place. */
public final class BenchJson {
    private BenchJson() {}

    public static void write(List<Map<String, Object>> rows, Path file) throws IOException {
        AtomicFiles.write(file, toJson(rows).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text; NaN and infinite numbers (not measured) become null. */
    public static String toJson(List<Map<String, Object>> rows) {
        List<Object> clean = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            row.forEach((k, v) -> r.put(k, v instanceof Double d && !Double.isFinite(d) ? null
                    : v instanceof Float f && !Float.isFinite(f) ? null : v));
            clean.add(r);
        }
        return Json.writePretty(clean);
    }
}
