package dev.mako.bench.dl4j;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which BLAS ND4J's CPU backend computes with: the OpenBLAS that nd4j-native loads from the
 * bytedeco {@code openblas} jar (unpacked into JavaCPP's cache), asked through FFM for its build
 * configuration, core type and threading, since the bytedeco classes of that version do not expose
 * them. Call after ND4J has run an operation, so the library is loaded.
 */
final class BlasReport {
    private BlasReport() {}

    static String describe() {
        String vendor = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor"));
        Optional<Path> lib = mappedOpenBlas();
        if (lib.isEmpty()) return "ND4J blas.vendor " + vendor + " (no libopenblas mapped in this process)";
        StringBuilder s = new StringBuilder();
        try {
            SymbolLookup symbols = SymbolLookup.libraryLookup(lib.get(), Arena.global());
            s.append(string(symbols, "openblas_get_config"));
            String core = string(symbols, "openblas_get_corename");
            if (!s.toString().contains(core)) s.append(", core ").append(core);
            s.append(", ").append(threading(integer(symbols, "openblas_get_parallel")))
                    .append(" with ").append(integer(symbols, "openblas_get_num_threads")).append(" threads");
        } catch (Throwable e) {
            s.append("OpenBLAS (its version could not be asked: ").append(e).append(')');
        }
        return s.append(", ").append(where(lib.get())).toString();
    }

    /** The first {@code libopenblas*.so*} in {@code /proc/self/maps}, {@code libopenblas.so.0} preferred. */
    private static Optional<Path> mappedOpenBlas() {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            return Optional.empty();
        }
        List<Path> libs = maps.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(p -> p.startsWith("/") && Path.of(p).getFileName().toString().startsWith("libopenblas"))
                .distinct().map(Path::of).toList();
        return libs.stream().filter(p -> p.getFileName().toString().equals("libopenblas.so.0")).findFirst()
                .or(() -> libs.stream().findFirst());
    }

    /** "libopenblas.so.0 from openblas-0.3.19-1.5.7-linux-x86_64.jar" where the path names the jar, else the path. */
    private static String where(Path lib) {
        for (Path part : lib) {
            if (part.toString().endsWith(".jar")) return lib.getFileName() + " from " + part;
        }
        return lib.toString();
    }

    private static String threading(int parallel) {
        return switch (parallel) {
            case 0 -> "sequential";
            case 1 -> "pthreads";
            case 2 -> "OpenMP";
            default -> "threading " + parallel;
        };
    }

    private static String string(SymbolLookup symbols, String name) throws Throwable {
        MethodHandle h = handle(symbols, name, FunctionDescriptor.of(ValueLayout.ADDRESS));
        MemorySegment p = (MemorySegment) h.invokeExact();
        return p.reinterpret(4096).getString(0).strip();
    }

    private static int integer(SymbolLookup symbols, String name) throws Throwable {
        return (int) handle(symbols, name, FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
    }

    private static MethodHandle handle(SymbolLookup symbols, String name, FunctionDescriptor fd) {
        MemorySegment fn = symbols.find(name).orElseThrow(() -> new IllegalStateException("OpenBLAS has no symbol " + name));
        return Linker.nativeLinker().downcallHandle(fn, fd);
    }
}
