package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingStream;

/**
 * Knows which methods the JIT's optimising compiler (C2, level 4) has compiled, from JFR's
 * {@code jdk.Compilation} events. The Vector API's SIMD intrinsics exist only in C2 code, so a
 * test that must check them calls its kernels until they are optimised.
 *
 * <p>Only compilations after the watch started are seen, so there is one watch per JVM, started
 * by its first user, and the tests that use it run in a JVM of their own (the
 * {@code kernels-compiled} Surefire execution). That JVM keeps the default compile thresholds:
 * lowered ones compile kernels before their call sites are profiled, and the code then boxes
 * vectors where production code does not.
 */
public final class JitWatch {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static JitWatch instance;

    private final RecordingStream stream = new RecordingStream();
    private final Set<String> optimised = ConcurrentHashMap.newKeySet();

    /** The JVM's watch, started on first use and kept until the JVM exits. */
    public static synchronized JitWatch get() {
        if (instance == null) instance = new JitWatch();
        return instance;
    }

    private JitWatch() {
        stream.enable("jdk.Compilation").withThreshold(Duration.ZERO);
        stream.onEvent("jdk.Compilation", e -> {
            if (((Number) e.getValue("compileLevel")).intValue() == 4 && e.getBoolean("succeded") && !e.getBoolean("isOsr")) {
                RecordedMethod m = e.getValue("method");
                optimised.add(m.getType().getName() + "::" + m.getName());
            }
        });
        stream.startAsync();
    }

    /**
     * Calls {@code call} until every method (e.g. {@code "dev.mako.kernels.Elementwise::add"})
     * has been optimised, then {@code moreCalls} more times, so that the checks inside
     * {@code call} run on optimised code. Fails if the JIT has not got there within minutes.
     */
    public void callUntilOptimised(Runnable call, int moreCalls, String... methods) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!optimised.containsAll(List.of(methods))) {
            for (int i = 0; i < 100; i++) call.run();
            if (System.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(List.of(methods));
                missing.removeAll(optimised);
                fail("not optimised by the JIT within " + TIMEOUT + ": " + missing);
            }
        }
        for (int i = 0; i < moreCalls; i++) call.run();
    }
}
