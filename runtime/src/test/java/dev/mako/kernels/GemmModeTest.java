package dev.mako.kernels;

import dev.mako.blas.OpenBlas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code MAKO_BLAS} and {@code MAKO_BLAS_PATH} are read once per process, so each case runs in a child JVM. */
class GemmModeTest {
    private static String probe(String... properties) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GemmModeProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MAKO_BLAS"); // MAKO_BLAS_PATH stays: the child should find the library this JVM uses
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void javaModeNeedsNoNativeLibraryAtAll() throws Exception {
        String out = probe("-Dmako.blas=java", "-Dmako.blas.path=/no/such/libopenblas.so.0");
        assertTrue(out.contains("result=19,22,43,50"), out);
        assertTrue(out.contains("resultInTask=19,22,43,50"), out);
        assertTrue(out.contains("source=NONE"), out);
        assertTrue(out.contains("openblasMapped=false"), out);
    }

    @Test
    void aBadExplicitPathFailsTheFirstGemmNamingThePath() throws Exception {
        String out = probe("-Dmako.blas.path=/no/such/dir/libopenblas.so.0");
        assertTrue(out.contains("error=") && out.contains("/no/such/dir/libopenblas.so.0"), out);
        assertTrue(out.contains("mako: BLAS: unusable"), out);
    }

    @Test
    void openBlasModeServesEveryCallInAndOutOfThePool() throws Exception {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS found: " + OpenBlas.library().why());
        String out = probe("-Dmako.blas=openblas", "-Dmako.threads=2");
        assertTrue(out.contains("result=19,22,43,50"), out);
        assertTrue(out.contains("resultInTask=19,22,43,50"), out);
        // OpenBLAS never runs threads of its own, in a pool task or outside: Mako's pool splits large products.
        assertTrue(out.contains("openBlasThreadsInTask=1"), out);
        assertTrue(out.contains("openBlasThreadsOutside=1"), out);
        assertTrue(out.contains("openblasMapped=true"), out);
    }
}
