package dev.mako.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private final TensorStore store = new TensorStore("test");

    @AfterEach
    void close() {
        store.close();
    }

    private Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense.kernel", store.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
        m.put("dense.bias", store.of(new float[] {0.25f, 7}, 2));
        m.put("scalar", store.allocate(new int[0]).fill(42));
        m.put("empty", store.zeros(0, 4));
        m.put("bn.moving_mean", store.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1}, 3));
        return m;
    }

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Map<String, Tensor> in = sample();
        SafeTensors.write(f, in, Map.of("note", "héllo {\"x\": 1}"));
        try (TensorStore other = new TensorStore("read")) {
            SafeTensors.Contents c = SafeTensors.read(f, other);
            assertEquals(List.copyOf(in.keySet()), List.copyOf(c.tensors().keySet()));
            for (String name : in.keySet()) {
                assertArrayEquals(in.get(name).shape(), c.tensors().get(name).shape(), name);
                assertArrayEquals(in.get(name).toArray(), c.tensors().get(name).toArray(), name);
            }
            assertEquals(Map.of("note", "héllo {\"x\": 1}"), c.metadata());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writesTransposedViewsInRowMajorOrder() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Tensor a = store.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        SafeTensors.write(f, Map.of("at", a.t()), null);
        try (TensorStore other = new TensorStore()) {
            Tensor back = SafeTensors.read(f, other).tensors().get("at");
            assertArrayEquals(new int[] {3, 2}, back.shape());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.toArray());
        }
    }

    /** Reads a file written by {@link SafeTensors#write} with nothing but a regex and a ByteBuffer. */
    @Test
    void independentParserReadsWhatWeWrite() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Map<String, Tensor> in = sample();
        SafeTensors.write(f, in, Map.of("format", "mako"));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong(0);
        assertEquals(0, (8 + n) % 8, "data section starts on an 8-byte boundary");
        String header = new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        assertTrue(header.matches("(?s).*\\}\\s*"), "only spaces after the JSON");
        assertTrue(header.contains("\"__metadata__\":{\"format\":\"mako\"}"), header);
        Pattern entry = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([\\d,\\s]*)\\]"
                + "\\s*,\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]\\s*\\}");
        Matcher m = entry.matcher(header);
        int found = 0;
        long dataStart = 8 + n;
        while (m.find()) {
            String name = m.group(1);
            Tensor t = in.get(name);
            assertEquals("F32", m.group(2));
            String dims = m.group(3).replace(" ", "");
            int[] shape = dims.isEmpty() ? new int[0] : java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(t.shape(), shape, name);
            long begin = Long.parseLong(m.group(4)), end = Long.parseLong(m.group(5));
            assertEquals(t.size() * 4, end - begin, name);
            float[] expected = t.toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(bytes.getFloat((int) (dataStart + begin + 4L * i))), name + "[" + i + "]");
            }
            found++;
        }
        assertEquals(in.size(), found, header);
        long total = in.values().stream().mapToLong(t -> t.size() * 4).sum();
        assertEquals(dataStart + total, bytes.capacity(), "no bytes after the last tensor");
    }

    // ---- corrupt files ----

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private String error(Path f) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(f, store));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void rejectsBadHeaderLength() throws IOException {
        Path f = dir.resolve("len.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertTrue(error(f).contains("header length 1000"));
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertTrue(error(f).contains("18446744073709551615"));
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(error(f).contains("too short"));
    }

    @Test
    void rejectsOverlapGapsAndOutOfBounds() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        String msg = error(file(overlap, 12));
        assertTrue(msg.contains("'b'") && msg.contains("overlap"), msg);
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertTrue(error(file(gap, 12)).contains("gap"));
        String past = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertTrue(error(file(past, 8)).contains("run past the end"));
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertTrue(error(file(trailing, 8)).contains("unindexed"));
    }

    @Test
    void rejectsBadEntries() throws IOException {
        assertTrue(error(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)).contains("'a' has dtype F16"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).contains("needs 12 bytes"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8)).contains("non-negative"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"k\":1}}", 4)).contains("must be a string"));
        assertTrue(error(file("[1, 2]  ", 0)).contains("start with '{'"));
        assertTrue(error(file("{\"a\":", 0)).contains("not valid JSON"));
    }

    @Test
    void acceptsAnEmptyFileAndForeignKeyOrder() throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file("{}", 0), store);
        assertTrue(c.tensors().isEmpty());
        String reordered = "{\"b\":{\"data_offsets\":[4,8],\"shape\":[1],\"dtype\":\"F32\"},\"a\":{\"shape\":[],\"dtype\":\"F32\",\"data_offsets\":[0,4]}}";
        Path f = file(reordered + "   ", 8);
        c = SafeTensors.read(f, store);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()), "data order");
    }

    @Test
    void failedWriteLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        SafeTensors.write(f, Map.of("x", store.of(new float[] {1}, 1)), null);
        byte[] before = Files.readAllBytes(f);
        Tensor closedTensor;
        try (TensorStore gone = new TensorStore("gone")) {
            closedTensor = gone.zeros(2);
        }
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("x", store.of(new float[] {2}, 1));
        bad.put("y", closedTensor);
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(f, bad, null));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
