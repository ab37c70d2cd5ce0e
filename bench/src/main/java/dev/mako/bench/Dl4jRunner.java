package dev.mako.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the DeepLearning4J side, {@code bench/dl4j} ({@code dev.mako.bench.dl4j.Dl4jMnist}), in a
 * child JVM of the same JDK and reads its one JSON line. That project is not part of the build: on
 * first use (or after its pom or sources changed) it is built with the launcher's Maven, which
 * fetches DL4J and ND4J from Maven Central once, and its classpath is cached in
 * {@code target/classpath.txt}. The child inherits {@code OPENBLAS_CORETYPE} and gets
 * {@code OMP_NUM_THREADS} and {@code OPENBLAS_NUM_THREADS} set to Mako's thread count. When it
 * cannot be built or run, the result says so and how to get it, and the caller goes on.
 */
public final class Dl4jRunner implements PeerRunner {
    public static final String BUILD_HINT = "the DL4J peer needs Maven and, once, Maven Central (DL4J and ND4J with its native"
            + " libraries, about 130 MB into ~/.m2); build it by hand with: mvn -f bench/dl4j/pom.xml package"
            + " dependency:build-classpath -Dmdep.outputFile=target/classpath.txt";
    static final String MAIN_CLASS = "dev.mako.bench.dl4j.Dl4jMnist";
    /** JavaCPP loads ND4J's libraries with System.load and reads memory through sun.misc.Unsafe: both warn on JDK 24+ unless allowed. */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(120);

    private final Path project;
    private final Path java;
    private final String maven;

    /** {@code project}: the folder of bench/dl4j's pom.xml; {@code java}: the java launcher; {@code maven}: the mvn command. */
    public Dl4jRunner(Path project, Path java, String maven) {
        this.project = project;
        this.java = java;
        this.maven = maven;
    }

    /**
     * bench/dl4j of this build's source tree ({@code -Dmako.dl4j.pom=…/pom.xml} overrides), the JDK this
     * process runs on, and {@code MAKO_MVN} (the Maven the launcher found) or else {@code mvn}.
     */
    public static Dl4jRunner standard() {
        String mvn = System.getenv("MAKO_MVN");
        Path javaHome = Path.of(System.getProperty("java.home"));
        return new Dl4jRunner(SourceTree.locate("mako.dl4j.pom", "dl4j/pom.xml").getParent(), javaHome.resolve("bin").resolve("java"),
                mvn == null || mvn.isBlank() ? "mvn" : mvn);
    }

    @Override
    public String system() {
        return "dl4j";
    }

    @Override
    public String framework() {
        return "deeplearning4j";
    }

    @Override
    public String setupLine() {
        String build = built() ? "built (cached classpath " + classpathFile() + ")"
                : "to be built now with " + maven + " (first use fetches DL4J from Maven Central, a few minutes)";
        return "child JVM " + java + ", " + project + " " + build
                + "; OMP_NUM_THREADS and OPENBLAS_NUM_THREADS = Mako's threads; same OPENBLAS_CORETYPE (inherited)";
    }

    @Override
    public PeerResult run(List<String> args, int threads) {
        String problem = ensureBuilt();
        if (problem != null) return PeerResult.failed(problem);
        String classpath;
        try {
            classpath = project.resolve("target/classes") + File.pathSeparator + Files.readString(classpathFile()).strip();
        } catch (IOException e) {
            return PeerResult.failed("DL4J peer: cannot read its classpath " + classpathFile() + " (" + e.getMessage() + "); " + BUILD_HINT);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-cp", classpath, MAIN_CLASS));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        ChildProcess.Outcome o = ChildProcess.run(pb, RUN_TIMEOUT, "DL4J run");
        if (o.notStarted()) return PeerResult.failed("DL4J peer: cannot run " + java + " (" + o.failure() + ")");
        if (!o.finished()) return PeerResult.failed(o.failure());
        return PeerResult.fromOutput("DL4J run", o.exit(), o.stdout(), o.stderr());
    }

    /** Builds bench/dl4j unless its build is newer than its pom and sources; null when built, else the problem. */
    String ensureBuilt() {
        if (!Files.isRegularFile(project.resolve("pom.xml"))) return "DL4J peer project not found: no pom.xml in " + project;
        if (built()) return null;
        List<String> cmd = List.of(maven, "-q", "-B", "-ntp", "-f", project.resolve("pom.xml").toString(), "package",
                "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=runtime");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        pb.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        ChildProcess.Outcome o = ChildProcess.run(pb, BUILD_TIMEOUT, "DL4J peer build");
        if (o.notStarted()) return "DL4J peer not built: cannot run Maven '" + maven + "' (" + o.failure() + "); " + BUILD_HINT;
        if (!o.finished()) return "DL4J peer not built: " + o.failure() + "; " + BUILD_HINT;
        if (o.exit() != 0 || !Files.isRegularFile(classpathFile())) {
            return "DL4J peer not built: " + maven + " exited with status " + o.exit() + ": "
                    + mavenErrors(o.stdout() + "\n" + o.stderr()) + "; " + BUILD_HINT;
        }
        try {
            Files.writeString(stamp(), "built by Dl4jRunner\n");
        } catch (IOException e) {
            return "DL4J peer built, but its stamp " + stamp() + " cannot be written: " + e.getMessage();
        }
        return null;
    }

    /** The stamp and the classpath exist and the stamp is newer than the pom and every source file. */
    boolean built() {
        if (!Files.isRegularFile(stamp()) || !Files.isRegularFile(classpathFile())) return false;
        try (Stream<Path> sources = Files.walk(project.resolve("src"))) {
            FileTime builtAt = Files.getLastModifiedTime(stamp());
            return Stream.concat(Stream.of(project.resolve("pom.xml")), sources.filter(Files::isRegularFile))
                    .allMatch(f -> modified(f).compareTo(builtAt) <= 0);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Maven's first few [ERROR] lines (the cause; the rest is advice on -e and -X), else the end of its output. */
    static String mavenErrors(String output) {
        List<String> errors = output.lines().map(String::strip).filter(l -> l.startsWith("[ERROR]"))
                .map(l -> l.substring("[ERROR]".length()).strip()).filter(l -> !l.isEmpty()).limit(3).toList();
        return errors.isEmpty() ? ChildProcess.lastLines(output, 5) : String.join(" | ", errors);
    }

    Path classpathFile() {
        return project.resolve("target/classpath.txt");
    }

    private Path stamp() {
        return project.resolve("target/mako-dl4j.stamp");
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
