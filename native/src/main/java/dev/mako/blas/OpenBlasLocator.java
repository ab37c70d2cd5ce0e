package dev.mako.blas;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads OpenBLAS, in this order:
 * <ol>
 *   <li>{@code MAKO_BLAS=java}: nothing is looked for or loaded;</li>
 *   <li>an explicit path ({@code -Dmako.blas.path} / {@code MAKO_BLAS_PATH}): that file or a
 *       {@link BlasLoadException} naming it, never a silent fallback;</li>
 *   <li>the system {@code libopenblas.so.0}: by name through the dynamic linker, then the usual
 *       distribution paths;</li>
 *   <li>the copy in the {@code org.bytedeco:openblas} jar, extracted once to the user cache;</li>
 *   <li>none: the Java kernels serve everything ({@code MAKO_BLAS=openblas} makes this an error).</li>
 * </ol>
 * Libraries are loaded into the global arena: they stay loaded for the life of the process.
 */
public final class OpenBlasLocator {
    private OpenBlasLocator() {}

    /** What Mako calls: a library missing any of these is not a usable OpenBLAS. */
    static final List<String> REQUIRED_SYMBOLS = List.of("cblas_sgemm", "cblas_sgemv", "openblas_set_num_threads",
            "openblas_get_num_threads", "openblas_get_corename", "openblas_get_config");

    public static BlasLibrary locate(BlasSettings settings) {
        return locate(settings, true);
    }

    /** As {@link #locate(BlasSettings)}; {@code searchSystem = false} skips step 3 (tests of the bundled copy). */
    static BlasLibrary locate(BlasSettings settings, boolean searchSystem) {
        if (settings.mode() == BlasMode.JAVA) {
            return BlasLibrary.none("MAKO_BLAS=java forces the Java kernels");
        }
        if (settings.explicitPath().isPresent()) {
            return loadExplicit(settings.explicitPath().get());
        }
        List<String> tried = new ArrayList<>();
        BlasLibrary system = searchSystem ? loadSystem(tried) : null;
        if (system != null) return system;

        String bundledProblem;
        if (BundledOpenBlas.isPresent()) {
            try {
                Path dir = BundledOpenBlas.extract(settings.cacheRoot());
                return loadBundled(dir);
            } catch (IOException | RuntimeException e) {
                bundledProblem = "the bundled copy failed: " + e.getMessage();
            }
        } else {
            bundledProblem = "no bundled copy for this platform on the class path";
        }
        String why = "no OpenBLAS found (no system libopenblas.so.0; " + bundledProblem + ")";
        if (settings.mode() == BlasMode.OPENBLAS) {
            throw new BlasLoadException("MAKO_BLAS=openblas, but " + why + "; tried " + String.join(", ", tried));
        }
        return BlasLibrary.none(why + ", so the Java kernels serve everything");
    }

    private static BlasLibrary loadExplicit(Path path) {
        Path abs = path.toAbsolutePath();
        if (!Files.isRegularFile(abs)) {
            throw new BlasLoadException("MAKO_BLAS_PATH / mako.blas.path names " + abs + ", which is not a file");
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(abs, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new BlasLoadException("MAKO_BLAS_PATH / mako.blas.path names " + abs
                    + ", which the dynamic linker cannot load (not a shared library for this platform, or its dependencies are missing)", e);
        }
        Optional<String> missing = missingSymbol(lookup);
        if (missing.isPresent()) {
            throw new BlasLoadException("MAKO_BLAS_PATH / mako.blas.path names " + abs + ", which has no " + missing.get() + ": not an OpenBLAS with CBLAS");
        }
        return BlasLibrary.loaded(LibrarySource.EXPLICIT_PATH, abs.toString(), lookup, "set by MAKO_BLAS_PATH / mako.blas.path");
    }

    private static BlasLibrary loadSystem(List<String> tried) {
        tried.add("libopenblas.so.0 (dynamic linker search path)");
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
            if (missingSymbol(lookup).isEmpty()) {
                long sgemm = lookup.find("cblas_sgemm").orElseThrow().address();
                String where = LoadedLibraries.fileContaining(sgemm).orElse("libopenblas.so.0");
                return BlasLibrary.loaded(LibrarySource.SYSTEM, where, lookup, "the system library, found by the dynamic linker");
            }
        } catch (IllegalArgumentException notFound) {
            // not on the linker's search path; try the usual folders
        }
        for (Path candidate : systemCandidates()) {
            tried.add(candidate.toString());
            if (!Files.isRegularFile(candidate)) continue;
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
                if (missingSymbol(lookup).isEmpty()) {
                    return BlasLibrary.loaded(LibrarySource.SYSTEM, candidate.toString(), lookup, "the system library at a usual path");
                }
            } catch (IllegalArgumentException unloadable) {
                // a broken install: keep looking
            }
        }
        return null;
    }

    private static Optional<String> missingSymbol(SymbolLookup lookup) {
        return REQUIRED_SYMBOLS.stream().filter(name -> lookup.find(name).isEmpty()).findFirst();
    }

    /** Usual places of a distribution's OpenBLAS, most common first. */
    static List<Path> systemCandidates() {
        String triple = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> System.getProperty("os.arch", "") + "-linux-gnu";
        };
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("/usr/lib", triple), Path.of("/usr/lib64"), Path.of("/usr/lib"), Path.of("/usr/local/lib"), Path.of("/opt/OpenBLAS/lib"))) {
            out.add(dir.resolve("libopenblas.so.0"));
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> variants = Files.newDirectoryStream(dir, "openblas-*")) {
                    List<Path> sorted = new ArrayList<>();
                    variants.forEach(v -> sorted.add(v.resolve("libopenblas.so.0")));
                    sorted.sort(null); // openblas-openmp before openblas-pthread, deterministically
                    out.addAll(sorted);
                } catch (IOException unreadable) {
                    // skip a folder we cannot list
                }
            }
        }
        return out;
    }

    private static BlasLibrary loadBundled(Path dir) {
        for (String runtime : BundledOpenBlas.RUNTIME_LIBRARIES) {
            Path lib = dir.resolve(runtime);
            try {
                SymbolLookup.libraryLookup(lib, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("cannot load " + lib, e);
            }
        }
        Path lib = dir.resolve(BundledOpenBlas.OPENBLAS);
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(lib, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot load " + lib, e);
        }
        missingSymbol(lookup).ifPresent(name -> {
            throw new IllegalStateException(lib + " has no " + name);
        });
        return BlasLibrary.loaded(LibrarySource.BUNDLED, lib.toString(), lookup,
                "no system libopenblas.so.0, so the copy from the org.bytedeco:openblas " + BundledOpenBlas.version() + " jar");
    }
}
