package dev.mako.io;

import java.io.IOException;
import java.nio.file.Path;

/** A data or weights file that is corrupt, truncated or not what it claims to be. The message names the file. */
public class FileFormatException extends IOException {
    private final transient Path file;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
