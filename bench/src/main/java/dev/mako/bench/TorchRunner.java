package dev.mako.bench;

import dev.mako.io.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PyTorch side, {@code bench/python/torch_mnist.py}, as a subprocess and reads its one JSON
 * line. The child gets the same {@code OPENBLAS_CORETYPE} as this process (inherited) and, when one
 * is installed, the OpenMP build of OpenBLAS as {@code libblas.so.3} through {@code LD_LIBRARY_PATH}:
 * the pthread build oversubscribes the cores together with PyTorch's OpenMP pool, and the reference
 * BLAS Debian's torch links by default is many times slower. When Python or PyTorch is missing the
 * result says so and how to install them, and the caller goes on with Mako's rows.
 */
public final class TorchRunner {
    public static final String INSTALL_HINT = "install with: sudo apt-get install python3-torch libopenblas0-openmp";

    /** Where Debian and Ubuntu put the OpenMP build's libblas.so.3. */
    static final List<Path> OPENMP_BLAS_DIRS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp"),
            Path.of("/usr/lib/aarch64-linux-gnu/openblas-openmp"),
            Path.of("/usr/lib64/openblas-openmp"));

    private static final long TIMEOUT_MINUTES = 60;
    private static final String SCRIPT = "bench/python/torch_mnist.py";

    private final List<String> pythons;
    private final Path script;
    private final Optional<Path> openMpBlasDir;

    /** {@code pythons}: interpreters to try in order; the first that can import torch is kept. */
    public TorchRunner(List<String> pythons, Path script, Optional<Path> openMpBlasDir) {
        if (pythons.isEmpty()) throw new IllegalArgumentException("no Python interpreter to try");
        this.pythons = new ArrayList<>(pythons);
        this.script = script;
        this.openMpBlasDir = openMpBlasDir;
    }

    /**
     * {@code MAKO_PYTHON} if set, else python3 from the PATH and then the system's /usr/bin/python3
     * (a version manager's python3 often lacks the distribution's torch); the script next to this
     * build; the OpenMP OpenBLAS if installed.
     */
    public static TorchRunner standard() {
        String py = System.getenv("MAKO_PYTHON");
        List<String> pythons = py != null && !py.isBlank() ? List.of(py) : List.of("python3", "/usr/bin/python3");
        return new TorchRunner(pythons, locateScript(), findOpenMpBlas());
    }

    /** The interpreter used (the first that could import torch so far). */
    public String python() {
        return pythons.getFirst();
    }

    /** The outcome: the parsed JSON object, or why there is none. */
    public record Result(Map<String, Object> json, String problem) {
        public boolean ok() {
            return json != null;
        }
    }

    /** How the child's BLAS is chosen, for the report line. */
    public String blasChoice() {
        return openMpBlasDir.map(d -> "OpenMP OpenBLAS via LD_LIBRARY_PATH=" + d)
                .orElse("the system libblas.so.3 (no OpenMP OpenBLAS found; if PyTorch is slow: sudo apt-get install libopenblas0-openmp)");
    }

    /** Runs {@code torch_mnist.py args...}; never throws for a missing or failing PyTorch, only reports. */
    public Result run(List<String> args) {
        if (!Files.isRegularFile(script)) return new Result(null, "PyTorch script not found at " + script);
        List<String> problems = new ArrayList<>();
        while (true) {
            Result r = runWith(pythons.getFirst(), args);
            if (r.ok() || !r.problem().startsWith(NOT_INSTALLED) || pythons.size() == 1) {
                if (!problems.isEmpty() && !r.ok()) return new Result(null, String.join("; ", problems) + "; " + r.problem());
                return r;
            }
            problems.add(pythons.getFirst() + ": " + r.problem().substring(NOT_INSTALLED.length()).split(";")[0].strip());
            pythons.removeFirst();
        }
    }

    private static final String NOT_INSTALLED = "PyTorch not installed";

    private Result runWith(String python, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        cmd.add(script.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        openMpBlasDir.ifPresent(d -> {
            String old = pb.environment().get("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", old == null || old.isEmpty() ? d.toString() : d + ":" + old);
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(null, NOT_INSTALLED + ": cannot run '" + python + "' (" + e.getMessage() + "); " + INSTALL_HINT);
        }
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = Thread.ofPlatform().daemon().start(() -> copy(p.getErrorStream(), err));
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(null, "PyTorch run exceeded " + TIMEOUT_MINUTES + " minutes and was stopped");
            }
            errPump.join();
            return interpret(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(null, "reading the PyTorch run's output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted while PyTorch was running");
        }
    }

    /** Turns exit status and output into a result; the last JSON line of stdout is the answer. */
    static Result interpret(int exit, String stdout, String stderr) {
        if (exit != 0) {
            if (stderr.contains("No module named 'torch'")) {
                return new Result(null, NOT_INSTALLED + " (python cannot import torch); " + INSTALL_HINT);
            }
            return new Result(null, "PyTorch run failed with exit status " + exit + ": " + lastLines(stderr, 5));
        }
        String[] lines = stdout.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{")) return new Result(null, "PyTorch run printed no JSON result; stdout ended with: " + last);
        try {
            return new Result(Json.parseObject(last), null);
        } catch (IllegalArgumentException e) {
            return new Result(null, "PyTorch run printed malformed JSON (" + e.getMessage() + "): " + last);
        }
    }

    private static String lastLines(String text, int n) {
        String[] l = text.strip().split("\n");
        return l.length == 0 || text.isBlank() ? "(no error output)"
                : String.join(" | ", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - n), l.length));
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            in.transferTo(to);
        } catch (IOException ignored) {
            // The exit status tells what went wrong.
        }
    }

    static Optional<Path> findOpenMpBlas() {
        for (Path d : OPENMP_BLAS_DIRS) if (Files.isRegularFile(d.resolve("libblas.so.3"))) return Optional.of(d);
        return Optional.empty();
    }

    /**
     * {@code -Dmako.torch.script}, else {@code bench/python/torch_mnist.py} of the source tree this
     * build came from (found by walking up from the classes or jar), else relative to the working directory.
     */
    static Path locateScript() {
        String explicit = System.getProperty("mako.torch.script");
        if (explicit != null) return Path.of(explicit);
        return SourceTree.find(SCRIPT).orElse(Path.of(SCRIPT).toAbsolutePath());
    }
}
