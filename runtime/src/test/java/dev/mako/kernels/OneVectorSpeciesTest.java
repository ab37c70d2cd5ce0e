package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernels name no vector species but each element type's preferred one. The Vector API's
 * generic code is shared by all species of an element type, and so are its type profiles: with a
 * second float species in the process (a half-width one for double column sums, an 8-float one in
 * GEMM packing), C2 sometimes compiled the GEMM's register tile after seeing both classes, kept its
 * vectors boxed, and the tile allocated 197 MB per LeNet layer backward at a hundredth of its speed,
 * in one JVM out of three. A species built from a shape is the same hazard.
 */
class OneVectorSpeciesTest {
    private static final List<String> FORBIDDEN = List.of(
            "SPECIES_64", "SPECIES_128", "SPECIES_256", "SPECIES_512", "SPECIES_MAX", "jdk/incubator/vector/VectorShape");

    @Test
    void kernelClassesUseOnlyThePreferredSpecies() throws IOException {
        Path classes = Path.of(Simd.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(Files.isDirectory(classes), "compiled classes in a directory: " + classes);
        List<String> offenders;
        int scanned;
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
            scanned = classFiles.size();
            offenders = classFiles.stream().flatMap(p -> FORBIDDEN.stream().filter(t -> mentions(p, t)).map(t -> classes.relativize(p) + ": " + t)).toList();
        }
        assertTrue(scanned > 50, "scanned " + scanned + " class files under " + classes);
        assertEquals(List.of(), offenders, "vector species other than the preferred ones");
    }

    /** Whether the class file's constant pool holds the name (field and class names are stored as plain UTF-8). */
    private static boolean mentions(Path classFile, String name) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
