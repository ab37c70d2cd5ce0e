package dev.mako.io;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, so weights move between Mako and PyTorch (or any
 * other safetensors reader) unchanged.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the data
 * section), plus an optional {@code "__metadata__"} object of string values, padded with spaces so
 * that the data section starts on an 8-byte boundary; then the tensors' little-endian bytes, back
 * to back with no gaps. Mako writes and reads {@code F32}.
 */
public final class SafeTensors {
    /** The reserved header key for free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers larger than this are refused (the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int COPY_CHUNK = 1 << 20;

    private SafeTensors() {}

    /** The tensors of a file, in data order, and its metadata (empty when it had none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * Writes {@code tensors} in iteration order (use an ordered map) with {@code metadata} (may be
     * empty or null). The file appears complete or not at all: it is written to a temporary file in
     * the same folder and renamed into place.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(file, tensors, metadata == null ? Map.of() : metadata);
        AtomicFiles.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(COPY_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            buf.flip();
            AtomicFiles.writeFully(ch, buf);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            for (Tensor t : tensors.values()) writeData(ch, t, buf);
        });
    }

    /** Reads every tensor of {@code file} into {@code store}. */
    public static Contents read(Path file, TensorStore store) throws IOException {
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (SafeTensorsFile.Entry e : f.entries()) out.put(e.name(), f.read(e.name(), store));
            return new Contents(Collections.unmodifiableMap(out), f.metadata());
        }
    }

    /** The JSON header, space-padded so that 8 + its length is a multiple of 8. */
    private static byte[] header(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException(file + ": metadata keys and values must not be null (" + e.getKey() + ")");
                }
            }
            h.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty()) throw new IllegalArgumentException(file + ": tensor names must not be empty");
            if (name.equals(METADATA_KEY)) throw new IllegalArgumentException(file + ": '" + METADATA_KEY + "' is reserved and cannot name a tensor");
            t.checkValid();
            long bytes = t.size() * Float.BYTES;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, offset + bytes));
            h.put(name, info);
            offset += bytes;
        }
        byte[] json = Json.write(h).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    /** Writes the elements of {@code t} in row-major order as little-endian floats. */
    private static void writeData(FileChannel ch, Tensor t, ByteBuffer buf) throws IOException {
        MemorySegment dst = MemorySegment.ofBuffer(buf.clear());
        int perChunk = COPY_CHUNK / Float.BYTES;
        long n = t.size();
        boolean contiguous = t.isContiguous();
        for (long done = 0; done < n; ) {
            int count = (int) Math.min(perChunk, n - done);
            if (contiguous) {
                MemorySegment.copy(t.segment(), ValueLayout.JAVA_FLOAT_UNALIGNED, (t.offset() + done) * Float.BYTES, dst, LE_FLOAT, 0, count);
            } else {
                for (int i = 0; i < count; i++) dst.setAtIndex(LE_FLOAT, i, t.getFlat(done + i));
            }
            buf.clear().limit(count * Float.BYTES);
            AtomicFiles.writeFully(ch, buf);
            done += count;
        }
    }
}
