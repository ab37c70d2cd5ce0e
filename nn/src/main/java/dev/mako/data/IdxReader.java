package dev.mako.data;

import dev.mako.io.FileFormatException;
import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed (detected by
 * the gzip magic bytes 1f 8b), into float tensors.
 *
 * <p>Layout: two zero bytes, a type byte ({@link IdxType}), a dimension count, one big-endian
 * 32-bit size per dimension, then the elements, big-endian, row-major. The reader checks every
 * field and that the data is exactly as long as the dimensions say; any problem throws a
 * {@link FileFormatException} naming the file, the offset (in the decompressed content for gzip
 * files) and the numbers that disagree. Data streams through a fixed buffer straight into
 * off-heap memory, so a 60,000-image file loads in a fraction of a second.
 */
public final class IdxReader {
    private static final int CHUNK = 1 << 16;
    /** Deflate cannot compress better than about 1032:1, which bounds what a gzip file can hold. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private IdxReader() {}

    /** Images as pixels scaled to [0, 1]: an unsigned-byte file of rank 3, [n, rows, columns]. */
    public static Tensor readImages(Path file, TensorStore store) throws IOException {
        return read(file, store, 255.0, 3, IdxType.UBYTE);
    }

    /** Labels as float class indices: a file of rank 1, [n]. */
    public static Tensor readLabels(Path file, TensorStore store) throws IOException {
        return read(file, store, 1.0, 1, null);
    }

    /** Any IDX file as floats, values unchanged (integers are exact up to 2^24). */
    public static Tensor read(Path file, TensorStore store) throws IOException {
        return read(file, store, 1.0, -1, null);
    }

    /** Any IDX file as floats, each value divided by {@code divisor}. */
    public static Tensor read(Path file, TensorStore store, double divisor) throws IOException {
        return read(file, store, divisor, -1, null);
    }

    /** Only the header of {@code file}, checked. */
    public static IdxHeader readHeader(Path file) throws IOException {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            return header(file, in, gzip);
        }
    }

    /** True when {@code file} starts with the gzip magic bytes 1f 8b. */
    public static boolean isGzip(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(2);
            while (b.hasRemaining() && ch.read(b) >= 0) { }
            return b.position() == 2 && (b.get(0) & 0xFF) == 0x1F && (b.get(1) & 0xFF) == 0x8B;
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!gzip) return raw;
        try {
            return new GZIPInputStream(raw, CHUNK);
        } catch (IOException e) {
            raw.close();
            throw new FileFormatException(file, "not a valid gzip file: " + e.getMessage(), e);
        }
    }

    private static Tensor read(Path file, TensorStore store, double divisor, int rank, IdxType requiredType) throws IOException {
        long fileSize = Files.size(file);
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            IdxHeader h = header(file, in, gzip);
            if (rank >= 0 && h.rank() != rank) {
                throw new FileFormatException(file, "expected " + rank + " dimension" + (rank == 1 ? "" : "s") + ", the file has "
                        + h.rank() + " " + Shapes.toString(h.dims()) + (rank == 3 ? " (images need [count, rows, columns])" : ""));
            }
            if (requiredType != null && h.type() != requiredType) {
                throw new FileFormatException(file, "expected element type " + requiredType + ", the file has " + h.type());
            }
            long expectedTotal = h.headerBytes() + h.dataBytes();
            if (!gzip && fileSize != expectedTotal) {
                String what = fileSize < expectedTotal ? "truncated" : "trailing bytes after the data";
                throw new FileFormatException(file, what + ": header says " + h + " (" + expectedTotal
                        + " bytes in all) but the file has " + fileSize + " bytes");
            }
            if (gzip && h.dataBytes() > fileSize * MAX_DEFLATE_RATIO) {
                throw new FileFormatException(file, "header says " + h + " (" + expectedTotal
                        + " bytes) but a " + fileSize + "-byte gzip file cannot hold that much; truncated or corrupt");
            }
            Tensor t = store.allocate(h.dims());
            readData(file, in, gzip, h, t, divisor);
            if (gzip && readTrailing(file, in, expectedTotal) >= 0) {
                throw new FileFormatException(file, "trailing bytes after the data: the decompressed content continues past the "
                        + expectedTotal + " bytes that header " + h + " describes");
            }
            return t;
        }
    }

    private static IdxHeader header(Path file, InputStream in, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(file, in, magic, 0, 4, 0, -1);
        String where = gzip ? " of the decompressed content" : "";
        if (got < 4) throw new FileFormatException(file, "truncated: " + got + " bytes" + where + ", too short for the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new FileFormatException(file, String.format("bad magic number 0x%02x%02x%02x%02x at offset 0%s: an IDX file starts with two zero bytes%s",
                    magic[0], magic[1], magic[2], magic[3], where, gzip ? "" : " (a compressed file of another kind?)"));
        }
        IdxType type = IdxType.of(magic[2] & 0xFF);
        if (type == null) {
            throw new FileFormatException(file, String.format("unknown element type 0x%02x at offset 2%s (expected 08, 09, 0b, 0c, 0d or 0e)", magic[2] & 0xFF, where));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) throw new FileFormatException(file, "dimension count 0 at offset 3" + where + "; an IDX file has at least one dimension");
        byte[] dimBytes = new byte[4 * rank];
        got = readFully(file, in, dimBytes, 0, dimBytes.length, 4, -1);
        if (got < dimBytes.length) {
            throw new FileFormatException(file, "truncated: the header declares " + rank + " dimensions (" + (4 + 4 * rank)
                    + " bytes) but the file ends after " + (4 + got) + " bytes" + where);
        }
        ByteBuffer bb = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = bb.getInt(4 * i);
            if (dims[i] < 0) {
                throw new FileFormatException(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i]) + " (offset " + (4 + 4 * i) + where + "), too large");
            }
            try {
                elements = Math.multiplyExact(elements, dims[i]);
                Math.multiplyExact(elements, type.bytes);
            } catch (ArithmeticException e) {
                throw new FileFormatException(file, "dimensions " + Shapes.toString(dims) + " overflow a 64-bit size");
            }
        }
        return new IdxHeader(type, dims);
    }

    /** Streams the elements into {@code t} (contiguous, fresh), converting and dividing as it goes. */
    private static void readData(Path file, InputStream in, boolean gzip, IdxHeader h, Tensor t, double divisor) throws IOException {
        IdxType type = h.type();
        byte[] buf = new byte[CHUNK];
        float[] out = new float[CHUNK];
        float[] table = type.bytes == 1 ? byteTable(type, divisor) : null;
        ByteBuffer be = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
        MemorySegment dst = t.segment();
        long dstByte = t.offset() * Float.BYTES;
        long remaining = h.elementCount();
        long offset = h.headerBytes();
        long total = h.headerBytes() + h.dataBytes();
        int perChunk = CHUNK / type.bytes;
        while (remaining > 0) {
            int count = (int) Math.min(perChunk, remaining);
            int bytes = count * type.bytes;
            int got = readFully(file, in, buf, 0, bytes, offset, total);
            if (got < bytes) {
                throw new FileFormatException(file, "truncated: header says " + h + " (" + total + " bytes in all) but the "
                        + (gzip ? "decompressed content" : "file") + " ends after " + (offset + got) + " bytes");
            }
            switch (type) {
                case UBYTE -> { for (int i = 0; i < count; i++) out[i] = table[buf[i] & 0xFF]; }
                case BYTE -> { for (int i = 0; i < count; i++) out[i] = table[buf[i] + 128]; }
                case SHORT -> { for (int i = 0; i < count; i++) out[i] = (float) (be.getShort(2 * i) / divisor); }
                case INT -> { for (int i = 0; i < count; i++) out[i] = (float) (be.getInt(4 * i) / divisor); }
                case FLOAT -> { for (int i = 0; i < count; i++) out[i] = (float) (be.getFloat(4 * i) / divisor); }
                case DOUBLE -> { for (int i = 0; i < count; i++) out[i] = (float) (be.getDouble(8 * i) / divisor); }
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, dstByte, count);
            dstByte += (long) count * Float.BYTES;
            offset += bytes;
            remaining -= count;
        }
    }

    /** All 256 byte values converted once, as (float) (v / divisor) — the rounding of NumPy's x / 255.0. */
    private static float[] byteTable(IdxType type, double divisor) {
        float[] table = new float[256];
        for (int i = 0; i < 256; i++) {
            int v = type == IdxType.UBYTE ? i : i - 128;
            table[i] = (float) (v / divisor);
        }
        return table;
    }

    /** The next byte after the data, or -1 at the end; reaching the end also checks the gzip CRC. */
    private static int readTrailing(Path file, InputStream in, long offset) throws IOException {
        try {
            return in.read();
        } catch (EOFException e) {
            throw new FileFormatException(file, "truncated gzip stream after " + offset + " decompressed bytes", e);
        } catch (ZipException e) {
            throw new FileFormatException(file, "corrupt gzip data after " + offset + " decompressed bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code len} bytes; returns how many arrived before the end of the stream. A gzip
     * stream cut short or corrupt is reported with the decompressed offset it reached.
     */
    private static int readFully(Path file, InputStream in, byte[] b, int off, int len, long offset, long expectedTotal) throws IOException {
        String expected = expectedTotal < 0 ? "" : " of the " + expectedTotal + " the header describes";
        int n = 0;
        try {
            while (n < len) {
                int r = in.read(b, off + n, len - n);
                if (r < 0) break;
                n += r;
            }
            return n;
        } catch (EOFException e) {
            throw new FileFormatException(file, "truncated gzip stream: it ends after " + (offset + n) + " decompressed bytes" + expected, e);
        } catch (ZipException e) {
            throw new FileFormatException(file, "corrupt gzip data after " + (offset + n) + " decompressed bytes" + expected + ": " + e.getMessage(), e);
        }
    }
}
