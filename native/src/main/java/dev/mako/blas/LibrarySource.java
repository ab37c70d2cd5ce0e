package dev.mako.blas;

/** Where the OpenBLAS in use came from, in the order they are tried. */
public enum LibrarySource {
    /** {@code MAKO_BLAS_PATH} / {@code -Dmako.blas.path}. */
    EXPLICIT_PATH,
    /** Installed on the system ({@code libopenblas.so.0} by name or at a usual path). */
    SYSTEM,
    /** The copy shipped in the {@code org.bytedeco:openblas} jar, extracted to the user cache. */
    BUNDLED,
    /** No OpenBLAS: the Java kernels serve everything. */
    NONE
}
