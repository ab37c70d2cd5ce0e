package dev.mako.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path tmp;

    /** Builds a .tgz with the system tar in the given format and reads it back. */
    private Map<String, byte[]> roundTrip(String format) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")), "needs tar");
        Path src = tmp.resolve(format);
        String longDir = "package/" + "d".repeat(90) + "/" + "e".repeat(60);
        Files.createDirectories(src.resolve(longDir));
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        Files.write(src.resolve("package/small.txt"), "hello\n".getBytes());
        Files.write(src.resolve(longDir + "/big.bin"), big);
        Files.write(src.resolve("package/empty"), new byte[0]);
        Path tgz = tmp.resolve(format + ".tgz");
        Process p = new ProcessBuilder("tar", "--format=" + format, "-czf", tgz.toString(), "-C", src.toString(), "package")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "tar --format=" + format + " unsupported here: " + out);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                if (e.isFile()) files.put(e.name(), tar.content().readAllBytes());
            }
        }
        assertEquals("hello\n", new String(files.get("package/small.txt")));
        assertArrayEquals(big, files.get(longDir + "/big.bin"));
        assertArrayEquals(new byte[0], files.get("package/empty"));
        return files;
    }

    @Test
    void readsGnuPaxAndUstarArchives() throws Exception {
        for (String format : List.of("gnu", "pax", "ustar")) assertEquals(3, roundTrip(format).size(), format);
    }

    @Test
    void rejectsWhatIsNotATar() {
        byte[] junk = new byte[1024];
        junk[0] = 'x';
        junk[200] = 1;
        assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(junk)).next());
        assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(new byte[100])).next());
    }
}
