package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {
    /** A line Dl4jMnist printed (stderr carried SLF4J's notice). */
    static final String DL4J_LINE = "{\"epoch_seconds\": [56.189261633, 29.634575435, 28.5], \"epoch_other_cpu_seconds\": [38.29, 0.5, 0.25],"
            + " \"test_accuracy\": 0.9713, \"system\": \"dl4j\", \"workload\": \"mlp\", \"batch_size\": 32, \"threads\": 2,"
            + " \"version\": \"1.0.0-M2.1\", \"blas\": \"OpenBLAS 0.3.19 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64, pthreads with 2 threads,"
            + " libopenblas.so.0 from openblas-0.3.19-1.5.7-linux-x86_64.jar\", \"coretype\": \"Haswell\"}";

    @Test
    void aDl4jLineBecomesARowLikePyTorchs() {
        PeerResult r = PeerResult.fromOutput("DL4J run", 0, DL4J_LINE + "\n", "SLF4J: Defaulting to no-operation (NOP) logger implementation\n");
        assertTrue(r.ok(), r.problem());
        var row = TrainingBenchmark.peerRow("dl4j", "deeplearning4j", "mlp", 32, 2, 60_000, 0.5, r.json());
        assertEquals("dl4j", row.system());
        assertEquals(2, row.threads());
        assertEquals(0.9713, row.testAccuracy(), 1e-12);
        assertTrue(Double.isNaN(row.inferSeconds()), "no inference figure in this line");
        assertTrue(TrainingBenchmark.table(List.of(row)).lines().skip(1).findFirst().orElseThrow().strip().endsWith(" -"), "shown as '-'");
        assertEquals(2, row.epochSeconds().length, "the first epoch is the warm-up");
        assertEquals((29.634575435 + 28.5) / 2, row.secondsPerEpoch(), 1e-9);
        assertEquals(row.secondsPerEpoch() / 0.5, row.ratio(), 1e-9);
        assertEquals(0.75, row.busy().otherCpuSeconds(), 1e-9);
        assertFalse(row.busy().busy());
        assertTrue(row.note().startsWith("deeplearning4j 1.0.0-M2.1, blas OpenBLAS 0.3.19"), row.note());
        assertTrue(row.note().endsWith("OPENBLAS_CORETYPE Haswell"), row.note());
        assertEquals("dl4j", row.json().get("system"));
        assertTrue(TrainingBenchmark.table(List.of(row)).contains("dl4j"));
    }

    @Test
    void aLineWithOneEpochAndNoCpuFiguresStillMakesARow() {
        PeerResult r = PeerResult.fromOutput("DL4J run", 0,
                "{\"epoch_seconds\": [3.0], \"epoch_other_cpu_seconds\": [null], \"test_accuracy\": 0.9, \"infer_seconds_per_10k\": 0.25}", "");
        var row = TrainingBenchmark.peerRow("dl4j", "deeplearning4j", "cnn", 128, 2, 60_000, 1.5, r.json());
        assertEquals(3.0, row.secondsPerEpoch(), 1e-12);
        assertEquals(2.0, row.ratio(), 1e-12);
        assertEquals(2, row.threads(), "threads default to the requested count");
        assertEquals(0.25, row.inferSeconds(), 1e-12);
        assertTrue(TrainingBenchmark.table(List.of(row)).contains("0.250"));
    }

    @Test
    void aFailedOrSilentPeerRunIsAProblemNamingTheRun() {
        var crash = PeerResult.fromOutput("DL4J run", 1, "", "Exception in thread \"main\" java.lang.OutOfMemoryError\n");
        assertFalse(crash.ok());
        assertTrue(crash.problem().startsWith("DL4J run failed with exit status 1") && crash.problem().contains("OutOfMemoryError"), crash.problem());
        var silent = PeerResult.fromOutput("DL4J run", 0, "SLF4J noise\n", "");
        assertTrue(silent.problem().startsWith("DL4J run printed no JSON"), silent.problem());
    }
}
