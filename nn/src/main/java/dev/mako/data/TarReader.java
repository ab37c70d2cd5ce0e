package dev.mako.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the entries of a tar stream (ustar, with GNU long names and pax path records), enough for
 * package tarballs. {@link #next()} moves to the next entry; {@link #content()} reads its bytes.
 */
final class TarReader {
    private static final int BLOCK = 512;

    /** A tar entry: its path, size in bytes, and whether it is a regular file. */
    record Entry(String name, long size, boolean isFile) {}

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        String longName = null;
        while (true) {
            if (!readBlock()) return null;
            if (isZero(header)) return null;
            verifyChecksum();
            String name = longName != null ? longName : name();
            long size = octal(124, 12);
            char type = (char) header[156];
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            switch (type) {
                case 'L' -> longName = trimNul(readContent());
                case 'x' -> {
                    String path = paxPath(readContent());
                    if (path != null) longName = path;
                }
                case 'g' -> skipContent();
                default -> {
                    return new Entry(name, size, type == '0' || type == '\0');
                }
            }
        }
    }

    /** The bytes of the current entry; read it before calling {@link #next()} again. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (remaining == 0) return -1;
                int b = in.read();
                if (b < 0) throw new EOFException("tar entry cut short");
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new EOFException("tar entry cut short");
                remaining -= n;
                return n;
            }
        };
    }

    private String name() {
        String name = field(0, 100);
        boolean ustar = field(257, 6).startsWith("ustar");
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private byte[] readContent() throws IOException {
        if (remaining > 1 << 20) throw new IOException("tar metadata entry of " + remaining + " bytes is implausibly large");
        byte[] b = in.readNBytes((int) remaining);
        if (b.length < remaining) throw new EOFException("tar entry cut short");
        remaining = 0;
        skip(padding);
        padding = 0;
        return b;
    }

    private void skipContent() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
    }

    /** The "path" record of a pax header ("<length> path=<value>\n" lines), or null. */
    private static String paxPath(byte[] records) {
        String text = new String(records, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) return line.substring(space + 1 + 5);
        }
        return null;
    }

    private boolean readBlock() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) return false;
        if (n < BLOCK) throw new EOFException("tar header cut short");
        return true;
    }

    private void verifyChecksum() throws IOException {
        long stored = octal(148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        if (sum != stored) throw new IOException("tar header checksum mismatch (not a tar archive?)");
    }

    private long octal(int off, int len) throws IOException {
        if ((header[off] & 0x80) != 0) throw new IOException("tar entry larger than 8 GB is not supported");
        int i = off, end = off + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) i++;
        long v = 0;
        for (; i < end && header[i] != ' ' && header[i] != 0; i++) {
            byte b = header[i];
            if (b < '0' || b > '7') throw new IOException("bad octal number in tar header");
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private String field(int off, int len) {
        return trimNul(Arrays.copyOfRange(header, off, off + len));
    }

    private static String trimNul(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new EOFException("tar archive cut short");
                s = 1;
            }
            n -= s;
        }
    }
}
