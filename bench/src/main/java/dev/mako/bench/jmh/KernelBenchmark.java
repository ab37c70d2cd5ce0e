package dev.mako.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings the kernel benchmarks share (a subclass may override any): time per call, 5
 * warm-up and 5 measured iterations of a second, 2 forks with the JVM flags Mako's kernels need
 * (and one that keeps JMH's own use of sun.misc.Unsafe from warning in every fork). Five warm-up
 * seconds because C2 took up to three to compile a Vector API kernel on a busy 2-core machine,
 * and until then a call runs a thousand times slower.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public abstract class KernelBenchmark {
}
