package dev.mako.data;

/**
 * One file of a published data set, by its uncompressed name (e.g. {@code train-images-idx3-ubyte}),
 * with the SHA-256 of the published gzip file and, where known, of its uncompressed content.
 */
public record DataFile(String name, String gzipSha256, String rawSha256) {
    /** The name of the published, gzip-compressed file. */
    public String gzipName() {
        return name + ".gz";
    }

    /** The checksum a file of the given form must have; null when none is known. */
    public String sha256(boolean gzip) {
        return gzip ? gzipSha256 : rawSha256;
    }
}
