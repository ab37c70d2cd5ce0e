package dev.mako.io;

import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open safetensors file whose header has been checked: every tensor's dtype, shape and byte
 * range agree, and the ranges tile the data section exactly (no overlap, no gap, nothing past the
 * end). Tensor data is read from a memory map on demand, so a loader can copy straight into
 * existing tensors. One thread at a time; close it to unmap the file.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** A tensor described by the header; offsets are relative to the start of the data section. */
    public record Entry(String name, int[] shape, long begin, long end) {
        @Override
        public int[] shape() {
            return shape.clone();
        }

        public long size() {
            return (end - begin) / Float.BYTES;
        }

        public String shapeString() {
            return Shapes.toString(shape);
        }
    }

    private final Path file;
    private final Arena arena;
    private final MemorySegment map;
    private final long dataStart;
    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final Map<String, String> metadata;

    private SafeTensorsFile(Path file, Arena arena, MemorySegment map, long dataStart, List<Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.arena = arena;
        this.map = map;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableList(entries);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) m.put(e.name(), e);
        this.byName = Collections.unmodifiableMap(m);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Opens {@code file} and validates its header; a problem throws {@link FileFormatException}. */
    public static SafeTensorsFile open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new FileFormatException(file, "file is " + fileSize + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            // Read as unsigned: a negative long is a length above 2^63, far past any limit.
            if (headerLen < 0 || headerLen > SafeTensors.MAX_HEADER_BYTES) {
                throw new FileFormatException(file, "header length " + Long.toUnsignedString(headerLen)
                        + " (bytes 0-7) exceeds the limit of " + SafeTensors.MAX_HEADER_BYTES + " bytes; not a safetensors file?");
            }
            if (headerLen > fileSize - 8) {
                throw new FileFormatException(file, "header length " + headerLen + " (bytes 0-7) runs past the end of the "
                        + fileSize + "-byte file; truncated or not a safetensors file");
            }
            if (headerLen < 2) throw new FileFormatException(file, "header length " + headerLen + " is too small to hold a JSON object");
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file);
            long dataStart = 8 + headerLen;
            long dataSize = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, headerBuf.flip(), dataSize, metadata);
            Arena arena = Arena.ofConfined();
            try {
                MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, fileSize, arena);
                return new SafeTensorsFile(file, arena, map, dataStart, entries, metadata);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The tensors, ordered by their position in the data section. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry named {@code name}, or null. */
    public Entry entry(String name) {
        return byName.get(name);
    }

    /** The {@code __metadata__} strings; empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A new tensor in {@code store} holding the data of tensor {@code name}. */
    public Tensor read(String name, TensorStore store) throws IOException {
        Entry e = require(name);
        Tensor t = store.allocate(e.shape());
        copy(e, t);
        return t;
    }

    /** Copies tensor {@code name} into {@code dst}, which must have the same shape. */
    public void copyInto(String name, Tensor dst) throws IOException {
        Entry e = require(name);
        if (!dst.sameShape(e.shape())) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' has shape " + e.shapeString()
                    + " but the destination has shape " + dst.shapeString());
        }
        copy(e, dst);
    }

    private void copy(Entry e, Tensor dst) {
        long src = dataStart + e.begin();
        long n = e.size();
        if (dst.isContiguous()) {
            MemorySegment.copy(map, SafeTensors.LE_FLOAT, src, dst.segment(), ValueLayout.JAVA_FLOAT_UNALIGNED, dst.offset() * Float.BYTES, n);
        } else {
            for (long i = 0; i < n; i++) dst.setFlat(i, map.get(SafeTensors.LE_FLOAT, src + i * Float.BYTES));
        }
    }

    private Entry require(String name) throws FileFormatException {
        Entry e = byName.get(name);
        if (e == null) throw new FileFormatException(file, "no tensor named '" + name + "'");
        return e;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    // ---- header validation ---------------------------------------------------------------------

    private static List<Entry> parseHeader(Path file, ByteBuffer bytes, long dataSize, Map<String, String> metadata)
            throws FileFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "header (bytes 8-" + (8 + bytes.limit()) + ") is not valid UTF-8");
        }
        if (text.charAt(0) != '{') {
            throw new FileFormatException(file, "header must start with '{' at byte 8 but starts with byte 0x"
                    + Integer.toHexString(text.charAt(0)) + "; not a safetensors file?");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(text);
        } catch (Json.JsonException e) {
            throw new FileFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> kv : json.entrySet()) {
            if (kv.getKey().equals(SafeTensors.METADATA_KEY)) {
                readMetadata(file, kv.getValue(), metadata);
            } else {
                entries.add(entry(file, kv.getKey(), kv.getValue(), dataSize));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                String where = previous == null ? "the data section starts at 0" : "the previous tensor '" + previous.name()
                        + "' ends at " + previous.end();
                throw new FileFormatException(file, "tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end() + "] "
                        + (e.begin() < expected ? "overlap" : "leave a gap") + ": " + where);
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataSize) {
            throw new FileFormatException(file, "the tensors cover " + expected + " bytes but the data section holds "
                    + dataSize + " bytes" + (expected < dataSize ? " (unindexed bytes at the end)" : ""));
        }
        return entries;
    }

    private static void readMetadata(Path file, Object value, Map<String, String> out) throws FileFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new FileFormatException(file, "'" + SafeTensors.METADATA_KEY + "' must be an object of strings, got " + Json.describe(value));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FileFormatException(file, "metadata value '" + e.getKey() + "' must be a string, got " + Json.describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static Entry entry(Path file, String name, Object value, long dataSize) throws FileFormatException {
        if (!(value instanceof Map<?, ?> info)) {
            throw new FileFormatException(file, "tensor '" + name + "': expected an object with dtype, shape and data_offsets, got " + Json.describe(value));
        }
        Object dtype = info.get("dtype");
        if (!(dtype instanceof String)) throw new FileFormatException(file, "tensor '" + name + "': missing or non-string dtype");
        if (!dtype.equals("F32")) {
            throw new FileFormatException(file, "tensor '" + name + "' has dtype " + dtype + "; Mako reads F32 tensors only");
        }
        List<Long> shapeList = longs(file, name, "shape", info.get("shape"));
        int[] shape = new int[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeList.get(i);
            if (d > Integer.MAX_VALUE) throw new FileFormatException(file, "tensor '" + name + "': dimension " + d + " is too large");
            shape[i] = (int) d;
            elements = multiply(file, name, elements, d);
        }
        List<Long> offsets = longs(file, name, "data_offsets", info.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new FileFormatException(file, "tensor '" + name + "': data_offsets must be [begin, end], got " + offsets);
        }
        long begin = offsets.get(0), end = offsets.get(1);
        if (end < begin) throw new FileFormatException(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end + "] end before they begin");
        if (end > dataSize) {
            throw new FileFormatException(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + "] run past the end of the " + dataSize + "-byte data section");
        }
        long bytes = multiply(file, name, elements, Float.BYTES);
        if (bytes != end - begin) {
            throw new FileFormatException(file, "tensor '" + name + "': shape " + Shapes.toString(shape) + " of F32 needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, shape, begin, end);
    }

    private static List<Long> longs(Path file, String tensor, String key, Object value) throws FileFormatException {
        if (!(value instanceof List<?> list)) {
            throw new FileFormatException(file, "tensor '" + tensor + "': " + key + " must be an array of integers, got " + Json.describe(value));
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Long l) || l < 0) {
                throw new FileFormatException(file, "tensor '" + tensor + "': " + key + " must hold non-negative integers, got " + list);
            }
            out.add(l);
        }
        return out;
    }

    private static long multiply(Path file, String tensor, long a, long b) throws FileFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new FileFormatException(file, "tensor '" + tensor + "': size overflows");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new FileFormatException(file, "unexpected end of file at byte " + pos);
            pos += n;
        }
    }
}
