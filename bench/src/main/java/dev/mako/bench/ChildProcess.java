package dev.mako.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer's process to its end with a time limit: no standard input, stdout and stderr
 * collected whole. Never throws; what went wrong is in the outcome, named after {@code what}.
 */
final class ChildProcess {
    private ChildProcess() {}

    /**
     * {@code failure} null: the process ran and exited with {@code exit}. Otherwise it did not
     * finish; {@code notStarted} when it could not even be started (a missing program).
     */
    record Outcome(int exit, String stdout, String stderr, String failure, boolean notStarted) {
        boolean finished() {
            return failure == null;
        }

        static Outcome failed(String why, boolean notStarted) {
            return new Outcome(-1, "", "", why, notStarted);
        }
    }

    static Outcome run(ProcessBuilder pb, Duration limit, String what) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Outcome.failed(e.getMessage(), true);
        }
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = Thread.ofPlatform().daemon().start(() -> copy(p.getErrorStream(), err));
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Outcome.failed(what + " exceeded " + limit.toMinutes() + " minutes and was stopped", false);
            }
            errPump.join();
            return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null, false);
        } catch (IOException e) {
            p.destroyForcibly();
            return Outcome.failed("reading the " + what + "'s output failed: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted during the " + what, false);
        }
    }

    /** The last {@code n} non-empty lines of {@code text}, joined with " | ", or a placeholder. */
    static String lastLines(String text, int n) {
        String[] l = text.strip().split("\n");
        return text.isBlank() ? "(no error output)"
                : String.join(" | ", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - n), l.length));
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            in.transferTo(to);
        } catch (IOException ignored) {
            // The exit status tells what went wrong.
        }
    }
}
