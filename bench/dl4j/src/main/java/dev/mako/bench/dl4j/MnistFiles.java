package dev.mako.bench.dl4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The four MNIST IDX files of a folder, gzip-compressed ({@code .gz}) or plain, read as unsigned bytes. */
final class MnistFiles {
    private MnistFiles() {}

    /** An IDX file's dimensions and its bytes in row-major order. */
    record Idx(int[] dims, byte[] data) {
        int count() {
            return dims[0];
        }

        /** The elements of one item: the product of the dimensions after the first. */
        int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    /** {@code stem.gz} if it exists in {@code folder}, else {@code stem}; throws naming both when neither does. */
    static Path pick(Path folder, String stem) throws NoSuchFileException {
        for (String name : new String[] {stem + ".gz", stem}) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new NoSuchFileException(folder.resolve(stem) + "[.gz]", null, stem + " not found in " + folder);
    }

    static Idx read(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try (DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int zero = in.readUnsignedShort(), type = in.readUnsignedByte(), rank = in.readUnsignedByte();
            if (zero != 0 || type != 0x08) throw new IOException(file + ": not an unsigned-byte IDX file (magic " + zero + ", type 0x" + Integer.toHexString(type) + ")");
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                total *= dims[i];
            }
            if (rank == 0 || total > Integer.MAX_VALUE) throw new IOException(file + ": unsupported IDX shape of rank " + rank + " and " + total + " elements");
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return new Idx(dims, data);
        }
    }
}
