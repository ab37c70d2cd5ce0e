package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {
    @TempDir
    Path dir;

    @Test
    void writesRowsAsAnArrayAndNotMeasuredNumbersAsNull() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", "mlp");
        row.put("system", "mako");
        row.put("batch_size", 32);
        row.put("seconds_per_epoch", 0.5);
        row.put("ratio_peer_over_mako", Double.NaN);
        row.put("busy", false);
        Path file = dir.resolve("out/bench.json");
        BenchJson.write(List.of(row), file);

        Object parsed = Json.parse(Files.readString(file));
        Map<?, ?> back = (Map<?, ?>) ((List<?>) parsed).getFirst();
        assertEquals("mako", back.get("system"));
        assertEquals(32, ((Number) back.get("batch_size")).intValue());
        assertEquals(0.5, ((Number) back.get("seconds_per_epoch")).doubleValue());
        assertTrue(back.containsKey("ratio_peer_over_mako"));
        assertNull(back.get("ratio_peer_over_mako"));
        assertEquals(Boolean.FALSE, back.get("busy"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void trainingRowsCarryTheDocumentedFields() {
        var row = new TrainingBenchmark.Row("mlp", "pytorch", 128, 2, new double[] {2.0, 1.0, 3.0}, 60_000, 0.97,
                0.4, new BusyMeter.Busy(6, 3), 1.5, "blas");
        Map<String, Object> m = row.json();
        for (String key : List.of("workload", "system", "batch_size", "threads", "seconds_per_epoch", "samples_per_sec",
                "test_accuracy", "infer_seconds_per_10k", "busy", "other_cpu_seconds")) {
            assertTrue(m.containsKey(key), key);
        }
        assertEquals(2.0, m.get("seconds_per_epoch"), "median of the counted epochs");
        assertEquals(30_000.0, m.get("samples_per_sec"));
        assertEquals(true, m.get("busy"));
    }
}
