package dev.mako.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmCalibrationCacheTest {
    @TempDir
    Path cache;

    private static Map<String, String> key(String core) {
        return GemmCalibrationCache.key("Test CPU (AuthenticAMD family 25 model 17 stepping 1)", "/lib/libopenblas.so.0",
                "OpenBLAS 0.3.30 DYNAMIC_ARCH", core, 2);
    }

    private static List<GemmTiming> timings() {
        List<GemmTiming> out = new ArrayList<>();
        for (int i = 0; i < GemmCalibration.SHAPES.size(); i++) {
            out.add(new GemmTiming(GemmCalibration.SHAPES.get(i), 10.5 + i, 20.25 + 3 * i, 7.125 + i, 9.5 + 2 * i));
        }
        return out;
    }

    @Test
    void roundTrips() throws IOException {
        Map<String, String> key = key("Cooperlake");
        Path file = GemmCalibrationCache.file(cache, key);
        save(file, key, timings(), false);
        assertEquals(new GemmCalibrationCache.Stored(timings(), false), GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES).orElseThrow());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void anotherMachineStateGetsAnotherFileAndIgnoresThisOne() throws IOException {
        Map<String, String> haswell = key("Haswell"), cooperlake = key("Cooperlake");
        assertNotEquals(GemmCalibrationCache.file(cache, haswell), GemmCalibrationCache.file(cache, cooperlake));
        Path file = GemmCalibrationCache.file(cache, cooperlake);
        save(file, cooperlake, timings(), false);
        assertTrue(GemmCalibrationCache.load(file, haswell, GemmCalibration.SHAPES).isEmpty());
    }

    @Test
    void aDifferentShapeListOrAnUnreadableFileIsIgnored() throws IOException {
        Map<String, String> key = key("Cooperlake");
        Path file = GemmCalibrationCache.file(cache, key);
        save(file, key, timings(), false);
        List<GemmShape> other = new ArrayList<>(GemmCalibration.SHAPES);
        other.set(0, GemmShape.square(8));
        assertTrue(GemmCalibrationCache.load(file, key, other).isEmpty());

        Files.writeString(file, Files.readString(file).replace("timing.3=", "timing.3=garbage "));
        assertTrue(GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES).isEmpty());
        Files.write(file, new byte[] {0, (byte) 0xFF, '\\', 'u', 'z'});
        assertTrue(GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES).isEmpty());
        assertTrue(GemmCalibrationCache.load(cache.resolve("missing.properties"), key, GemmCalibration.SHAPES).isEmpty());
    }

    @Test
    void aProvisionalCalibrationMayHoldSomeShapesOnly() throws IOException {
        Map<String, String> key = key("Cooperlake");
        Path file = GemmCalibrationCache.file(cache, key);
        List<GemmTiming> some = List.of(timings().get(0), timings().get(2), timings().get(5));
        save(file, key, some, true);
        assertEquals(new GemmCalibrationCache.Stored(some, true), GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES).orElseThrow());
    }

    @Test
    void aFinalCalibrationMissingAShapeIsIgnored() throws IOException {
        Map<String, String> key = key("Cooperlake");
        Path file = GemmCalibrationCache.file(cache, key);
        save(file, key, timings().subList(0, 4), false);
        assertTrue(GemmCalibrationCache.load(file, key, GemmCalibration.SHAPES).isEmpty());
    }

    private static void save(Path file, Map<String, String> key, List<GemmTiming> timings, boolean provisional) throws IOException {
        GemmCalibrationCache.save(file, key, GemmCalibration.SHAPES, new GemmCalibrationCache.Stored(timings, provisional));
    }

    @Test
    void theKeyNamesTheKernelClassesByChecksum() {
        Map<String, String> key = new LinkedHashMap<>(key("Cooperlake"));
        assertTrue(key.get("kernels").matches("[0-9a-f]+"), key.get("kernels"));
        assertEquals(key.get("kernels"), GemmCalibrationCache.kernelChecksum());
    }
}
