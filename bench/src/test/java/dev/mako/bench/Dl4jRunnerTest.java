package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dl4jRunner against stand-ins for Maven and java (shell scripts): no network, no DL4J. */
class Dl4jRunnerTest {
    @TempDir
    Path dir;
    Path project;

    @BeforeEach
    void aProject() throws Exception {
        project = Files.createDirectories(dir.resolve("dl4j"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("src/main/java/Peer.java"), "class Peer {}\n");
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A Maven that counts its calls and writes what a real build leaves. */
    private Path fakeMaven() throws Exception {
        return script("mvn", "echo x >> " + dir.resolve("builds") + "\nmkdir -p target/classes\necho /repo/dl4j.jar > target/classpath.txt\n");
    }

    @Test
    void missingMavenIsReportedWithHowToGetThePeer() {
        var runner = new Dl4jRunner(project, dir.resolve("no-java"), dir.resolve("no-such-mvn").toString());
        PeerResult r = runner.run(List.of("mlp"), 2);
        assertFalse(r.ok());
        assertTrue(r.problem().startsWith("DL4J peer not built: cannot run Maven"), r.problem());
        assertTrue(r.problem().contains("no-such-mvn"), r.problem());
        assertTrue(r.problem().contains(Dl4jRunner.BUILD_HINT), r.problem());
    }

    @Test
    void aMissingProjectIsNamed() {
        var runner = new Dl4jRunner(dir.resolve("absent"), dir.resolve("no-java"), "mvn");
        PeerResult r = runner.run(List.of("mlp"), 2);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("absent"), r.problem());
    }

    @Test
    void aFailedBuildQuotesMavensErrorsNotItsAdvice() throws Exception {
        Path mvn = script("mvn", """
                echo '[ERROR] Failed to execute goal on project mako-bench-dl4j: Could not resolve dependencies'
                echo '[ERROR] '
                echo '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.'
                exit 1
                """);
        PeerResult r = new Dl4jRunner(project, dir.resolve("no-java"), mvn.toString()).run(List.of("mlp"), 2);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("exited with status 1: Failed to execute goal"), r.problem());
        assertTrue(r.problem().contains("Could not resolve dependencies"), r.problem());
        assertTrue(r.problem().endsWith(Dl4jRunner.BUILD_HINT), r.problem());
    }

    @Test
    void buildsOnceThenRunsTheChildWithTheThreadsInItsEnvironment() throws Exception {
        Path java = script("java", """
                echo "loading ND4J" >&2
                echo '{"system": "dl4j", "threads": '"$OMP_NUM_THREADS"', "blas_threads": '"$OPENBLAS_NUM_THREADS"', "args": "'"$*"'"}'
                """);
        var runner = new Dl4jRunner(project, java, fakeMaven().toString());
        assertFalse(runner.built());
        PeerResult first = runner.run(List.of("cnn", "--threads", "3"), 3);
        assertTrue(first.ok(), first.problem());
        assertEquals(3L, ((Number) first.json().get("threads")).longValue());
        assertEquals(3L, ((Number) first.json().get("blas_threads")).longValue());
        String args = (String) first.json().get("args");
        assertTrue(args.contains("/repo/dl4j.jar") && args.contains(Dl4jRunner.MAIN_CLASS + " cnn --threads 3"), args);
        assertTrue(args.startsWith(String.join(" ", Dl4jRunner.JVM_FLAGS)), args);

        assertTrue(runner.built());
        assertTrue(runner.run(List.of("cnn"), 1).ok());
        assertEquals(1, Files.readAllLines(dir.resolve("builds")).size(), "the second run reuses the build");
    }

    @Test
    void aChangedSourceMeansANewBuild() throws Exception {
        var runner = new Dl4jRunner(project, dir.resolve("no-java"), fakeMaven().toString());
        assertEquals(null, runner.ensureBuilt());
        assertTrue(runner.built());
        Path source = project.resolve("src/main/java/Peer.java");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertFalse(runner.built());
    }

    @Test
    void aFailingChildIsReportedWithTheEndOfItsErrors() throws Exception {
        Path java = script("java", "echo 'java.lang.UnsatisfiedLinkError: no jnind4jcpu' >&2\nexit 1\n");
        PeerResult r = new Dl4jRunner(project, java, fakeMaven().toString()).run(List.of("mlp"), 2);
        assertFalse(r.ok());
        assertTrue(r.problem().startsWith("DL4J run failed with exit status 1"), r.problem());
        assertTrue(r.problem().contains("UnsatisfiedLinkError"), r.problem());
    }
}
