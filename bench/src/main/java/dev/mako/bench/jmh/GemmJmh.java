package dev.mako.bench.jmh;

import dev.mako.blas.OpenBlas;
import dev.mako.kernels.Gemm;
import dev.mako.kernels.JavaGemm;
import dev.mako.parallel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * JMH: one GEMM call per operation through the Java kernel, OpenBLAS, or the dispatch in front of
 * them, with all of Mako's threads. Shapes are {@code MxNxK}, with {@code :TN} / {@code :NT}
 * marking a transposed A or B (the batch-32 MLP's backward products). Time per call; GFLOP/s =
 * 2·m·n·k / time.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class GemmJmh extends KernelBenchmark {
    @Param({"64x64x64", "256x256x256", "1024x1024x1024", "32x128x784", "784x128x32:TN", "32x784x128:NT"})
    public String shape;

    @Param({"java", "openblas", "dispatch"})
    public String backend;

    private Arena arena;
    private MemorySegment a, b, c;
    private int m, n, k, lda, ldb;
    private boolean transA, transB;

    @Setup(Level.Trial)
    public void allocate() {
        if (backend.equals("openblas") && !OpenBlas.isAvailable()) {
            throw new IllegalStateException("no OpenBLAS: " + OpenBlas.library().why());
        }
        String[] parts = shape.split(":");
        int[] dims = BenchData.dims(parts[0]);
        m = dims[0];
        n = dims[1];
        k = dims[2];
        transA = parts.length > 1 && parts[1].charAt(0) == 'T';
        transB = parts.length > 1 && parts[1].charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        arena = Arena.ofShared();
        a = BenchData.random(arena, (long) m * k, 1, -1, 1);
        b = BenchData.random(arena, (long) k * n, 2, -1, 1);
        c = BenchData.zeros(arena, (long) m * n);
        if (backend.equals("openblas")) OpenBlas.useThreads(Parallel.threads());
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    @Benchmark
    public MemorySegment sgemm() {
        switch (backend) {
            case "java" -> JavaGemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            case "openblas" -> OpenBlas.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            default -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        return c;
    }
}
