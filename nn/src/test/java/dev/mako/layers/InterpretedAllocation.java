package dev.mako.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Heap allocation of training steps, measured in a child JVM that runs interpreted ({@code -Xint})
 * with scalar kernels ({@code -Dmako.simd=false}), so that every allocation is counted and none is
 * hidden, or not yet hidden, by the JIT: the figures are deterministic and bound what compiled code
 * allocates. The child's main prints one "label bytes" line per configuration.
 */
public final class InterpretedAllocation {
    private InterpretedAllocation() {}

    /** Runs {@code main} with {@code args} in the child JVM; returns its lines as label → bytes. */
    public static Map<String, Double> measure(Class<?> main, List<String> extraFlags, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xint", "-Dmako.simd=false"));
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "measurement did not finish");
        assertEquals(0, p.exitValue(), out);
        Map<String, Double> bytes = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            try {
                bytes.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).trim()));
            } catch (NumberFormatException notAResult) {
                // the JVM's own notices
            }
        }
        for (String a : args) assertTrue(bytes.containsKey(a), "no figure for " + a + " in\n" + out);
        return bytes;
    }

    /** In the child: bytes the calling thread allocates per call of {@code step}, after {@code warmUp} calls. */
    public static double bytesPerCall(int warmUp, int counted, Runnable step) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        for (int i = 0; i < warmUp; i++) step.run();
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < counted; i++) step.run();
        return (mx.getThreadAllocatedBytes(thread) - before) / (double) counted;
    }
}
