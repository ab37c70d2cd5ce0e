package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingStream;

/**
 * Knows which methods the JIT's optimising compiler (C2, level 4) has compiled, on their own or
 * inlined into a compiled caller, from JFR's {@code jdk.Compilation} and
 * {@code jdk.CompilerInlining} events. The Vector API's SIMD intrinsics exist only in C2 code, so
 * a test that must check them calls its kernels until they are optimised. (A kernel inlined into
 * its caller's C2 code early stops counting calls and may never get a compilation of its own: the
 * watch once waited three minutes for one.)
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
    /** Per compilation: the methods it inlined, and whether it was a finished C2 compilation (the events come in either order). */
    private final Map<Integer, Set<String>> inlinedBy = new ConcurrentHashMap<>();
    private final Set<Integer> optimisingCompiles = ConcurrentHashMap.newKeySet();

    /** The JVM's watch, started on first use and kept until the JVM exits. */
    public static synchronized JitWatch get() {
        if (instance == null) instance = new JitWatch();
        return instance;
    }

    private JitWatch() {
        stream.enable("jdk.Compilation").withThreshold(Duration.ZERO);
        stream.enable("jdk.CompilerInlining");
        stream.onEvent("jdk.Compilation", e -> {
            if (((Number) e.getValue("compileLevel")).intValue() == 4 && e.getBoolean("succeded") && !e.getBoolean("isOsr")) {
                RecordedMethod m = e.getValue("method");
                optimised.add(m.getType().getName() + "::" + m.getName());
                int id = e.getInt("compileId");
                optimisingCompiles.add(id);
                Set<String> inlined = inlinedBy.remove(id);
                if (inlined != null) optimised.addAll(inlined);
            }
        });
        stream.onEvent("jdk.CompilerInlining", e -> {
            if (!e.getBoolean("succeeded")) return;
            RecordedObject callee = e.getValue("callee");
            String name = callee.getString("type").replace('/', '.') + "::" + callee.getString("name");
            int id = e.getInt("compileId");
            if (optimisingCompiles.contains(id)) optimised.add(name);
            else inlinedBy.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(name);
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
