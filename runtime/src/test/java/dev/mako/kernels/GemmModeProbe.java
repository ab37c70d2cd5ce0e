package dev.mako.kernels;

import dev.mako.blas.BlasLoadException;
import dev.mako.blas.OpenBlas;
import dev.mako.parallel.Parallel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link GemmModeTest}: multiplies two small matrices through {@link Gemm}
 * (from the calling thread and from inside a pool task) and prints what happened, one
 * {@code key=value} per line.
 */
public final class GemmModeProbe {
    public static void main(String[] args) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: A·B = [[19, 22], [43, 50]]
            MemorySegment a = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4);
            MemorySegment b = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 5, 6, 7, 8);
            MemorySegment c = arena.allocate(4L * 4);
            MemorySegment d = arena.allocate(4L * 4);
            try {
                Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
                Parallel.forRange(Parallel.threads(), 1, (s, e) -> {
                    if (s == 0) {
                        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, d, 0, 2);
                        if (OpenBlas.isAvailable()) System.out.println("openBlasThreadsInTask=" + OpenBlas.threads());
                    }
                });
                if (OpenBlas.isAvailable()) {
                    Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
                    System.out.println("openBlasThreadsOutside=" + OpenBlas.threads());
                }
                float[] out = c.toArray(ValueLayout.JAVA_FLOAT), inTask = d.toArray(ValueLayout.JAVA_FLOAT);
                System.out.println("result=" + (int) out[0] + "," + (int) out[1] + "," + (int) out[2] + "," + (int) out[3]);
                System.out.println("resultInTask=" + (int) inTask[0] + "," + (int) inTask[1] + "," + (int) inTask[2] + "," + (int) inTask[3]);
            } catch (BlasLoadException e) {
                System.out.println("error=" + e.getMessage());
            }
        }
        System.out.println("source=" + OpenBlas.library().source());
        boolean mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains("openblas"));
        System.out.println("openblasMapped=" + mapped);
    }
}
