package dev.mako.blas;

/** OpenBLAS was asked for (an explicit path, or {@code MAKO_BLAS=openblas}) but could not be loaded. */
public final class BlasLoadException extends IllegalStateException {
    public BlasLoadException(String message) {
        super(message);
    }

    public BlasLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
