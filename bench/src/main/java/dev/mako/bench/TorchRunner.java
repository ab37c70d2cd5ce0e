package dev.mako.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the PyTorch side, {@code bench/python/torch_mnist.py}, as a subprocess and reads its one JSON
 * line. The child gets the same {@code OPENBLAS_CORETYPE} as this process (inherited) and, when one
 * is installed, the OpenMP build of OpenBLAS as {@code libblas.so.3} through {@code LD_LIBRARY_PATH}:
 * the pthread build oversubscribes the cores together with PyTorch's OpenMP pool, and the reference
 * BLAS Debian's torch links by default is many times slower. When Python or PyTorch is missing the
 * result says so and how to install them, and the caller goes on with Mako's rows.
 */
public final class TorchRunner implements PeerRunner {
    public static final String INSTALL_HINT = "install with: sudo apt-get install python3-torch libopenblas0-openmp";

    /** Where Debian and Ubuntu put the OpenMP build's libblas.so.3. */
    static final List<Path> OPENMP_BLAS_DIRS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp"),
            Path.of("/usr/lib/aarch64-linux-gnu/openblas-openmp"),
            Path.of("/usr/lib64/openblas-openmp"));

    private static final Duration TIMEOUT = Duration.ofMinutes(60);

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

    /** How the child's BLAS is chosen, for the report line. */
    public String blasChoice() {
        return openMpBlasDir.map(d -> "OpenMP OpenBLAS via LD_LIBRARY_PATH=" + d)
                .orElse("the system libblas.so.3 (no OpenMP OpenBLAS found; if PyTorch is slow: sudo apt-get install libopenblas0-openmp)");
    }

    @Override
    public String system() {
        return "pytorch";
    }

    @Override
    public String framework() {
        return "torch";
    }

    @Override
    public String setupLine() {
        return blasChoice() + "; same OPENBLAS_CORETYPE (inherited)";
    }

    /** torch_mnist.py sets its thread count from {@code --threads} itself. */
    @Override
    public PeerResult run(List<String> args, int threads) {
        return run(args);
    }

    /** Runs {@code torch_mnist.py args...}; never throws for a missing or failing PyTorch, only reports. */
    public PeerResult run(List<String> args) {
        if (!Files.isRegularFile(script)) return PeerResult.failed("PyTorch script not found at " + script);
        List<String> problems = new ArrayList<>();
        while (true) {
            PeerResult r = runWith(pythons.getFirst(), args);
            if (r.ok() || !r.problem().startsWith(NOT_INSTALLED) || pythons.size() == 1) {
                if (!problems.isEmpty() && !r.ok()) return PeerResult.failed(String.join("; ", problems) + "; " + r.problem());
                return r;
            }
            problems.add(pythons.getFirst() + ": " + r.problem().substring(NOT_INSTALLED.length()).split(";")[0].strip());
            pythons.removeFirst();
        }
    }

    private static final String NOT_INSTALLED = "PyTorch not installed";

    private PeerResult runWith(String python, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        cmd.add(script.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        openMpBlasDir.ifPresent(d -> {
            String old = pb.environment().get("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", old == null || old.isEmpty() ? d.toString() : d + ":" + old);
        });
        ChildProcess.Outcome o = ChildProcess.run(pb, TIMEOUT, "PyTorch run");
        if (o.notStarted()) return PeerResult.failed(NOT_INSTALLED + ": cannot run '" + python + "' (" + o.failure() + "); " + INSTALL_HINT);
        if (!o.finished()) return PeerResult.failed(o.failure());
        return interpret(o.exit(), o.stdout(), o.stderr());
    }

    /** Turns exit status and output into a result; the last JSON line of stdout is the answer. */
    static PeerResult interpret(int exit, String stdout, String stderr) {
        if (exit != 0 && stderr.contains("No module named 'torch'")) {
            return PeerResult.failed(NOT_INSTALLED + " (python cannot import torch); " + INSTALL_HINT);
        }
        return PeerResult.fromOutput("PyTorch run", exit, stdout, stderr);
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
        return SourceTree.locate("mako.torch.script", "python/torch_mnist.py");
    }
}
