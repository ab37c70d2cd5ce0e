package dev.mako.blas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BundledOpenBlasTest {
    @TempDir
    Path cache;

    private static long resourceSize(String name) throws IOException {
        return BundledOpenBlas.class.getClassLoader().getResource(BundledOpenBlas.RESOURCE_DIR + name).openConnection().getContentLengthLong();
    }

    private static List<String> allFiles() {
        List<String> all = new ArrayList<>(BundledOpenBlas.RUNTIME_LIBRARIES);
        all.add(BundledOpenBlas.OPENBLAS);
        return all;
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(BundledOpenBlas.version().matches("\\d+\\.\\d+\\.\\d+-\\d+\\.\\d+\\.\\d+"), BundledOpenBlas.version());
    }

    @Test
    void extractsEveryLibraryWithItsJarSize() throws IOException {
        assumeTrue(BundledOpenBlas.isPresent(), "no bundled OpenBLAS for this platform");
        Path dir = BundledOpenBlas.extract(cache);
        assertEquals(cache.resolve("openblas").resolve(BundledOpenBlas.version()), dir);
        for (String name : allFiles()) {
            assertEquals(resourceSize(name), Files.size(dir.resolve(name)), name);
        }
        try (var leftovers = Files.list(dir)) {
            assertEquals(4, leftovers.count(), "only the four libraries, no temporary files");
        }
    }

    @Test
    void reExtractsAFileOfTheWrongSize() throws IOException {
        assumeTrue(BundledOpenBlas.isPresent(), "no bundled OpenBLAS for this platform");
        Path dir = BundledOpenBlas.extract(cache);
        Path gfortran = dir.resolve("libgfortran.so.5");
        Files.write(gfortran, new byte[100], StandardOpenOption.TRUNCATE_EXISTING);
        Files.delete(dir.resolve("libquadmath.so.0"));
        BundledOpenBlas.extract(cache);
        assertEquals(resourceSize("libgfortran.so.5"), Files.size(gfortran));
        assertEquals(resourceSize("libquadmath.so.0"), Files.size(dir.resolve("libquadmath.so.0")));
    }

    @Test
    void leavesACorrectFileAlone() throws IOException {
        assumeTrue(BundledOpenBlas.isPresent(), "no bundled OpenBLAS for this platform");
        Path lib = BundledOpenBlas.extract(cache).resolve(BundledOpenBlas.OPENBLAS);
        var before = Files.getLastModifiedTime(lib);
        Object inode = Files.readAttributes(lib, "unix:ino").get("ino");
        BundledOpenBlas.extract(cache);
        assertEquals(before, Files.getLastModifiedTime(lib));
        assertEquals(inode, Files.readAttributes(lib, "unix:ino").get("ino"));
    }
}
