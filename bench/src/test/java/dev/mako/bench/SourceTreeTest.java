package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
    @TempDir
    Path dir;

    private Path checkout(String name) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.writeString(root.resolve("mako"), "#!/bin/sh\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        return Files.createDirectories(root.resolve("bench/target/classes"));
    }

    @Test
    void findsTheFileOfItsOwnBenchModule() throws Exception {
        Path classes = checkout("main");
        Path pom = Files.createDirectories(dir.resolve("main/bench/dl4j")).resolve("pom.xml");
        Files.writeString(pom, "<project/>\n");
        assertEquals(pom, SourceTree.walkUp(classes, "dl4j/pom.xml"));
    }

    @Test
    void looksNoHigherThanTheRepositoryRoot() throws Exception {
        Path classes = checkout("main");
        // A sibling checkout named like the peer's folder, beside this one.
        Files.createDirectories(dir.resolve("dl4j"));
        Files.writeString(dir.resolve("dl4j/pom.xml"), "<project/>\n");
        assertNull(SourceTree.walkUp(classes, "dl4j/pom.xml"));
    }
}
