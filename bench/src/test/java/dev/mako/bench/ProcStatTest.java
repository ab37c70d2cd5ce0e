package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    private static final String SAMPLE = """
            cpu  4705 356 584 3699176 23060 0 277 11 0 0
            cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0
            cpu1 1335995 31232 568030 13400213 5762 0 7325 0 0 0
            intr 1462898 21 9 0 0
            ctxt 2412871
            btime 1700000000
            processes 36013
            """;

    @Test
    void sumsBusyFieldsOfTheAggregateLineAndCountsCpus() {
        ProcStat s = ProcStat.parse(SAMPLE);
        // user + nice + system + irq + softirq + steal; idle and iowait excluded
        assertEquals(4705 + 356 + 584 + 0 + 277 + 11, s.busyTicks());
        assertEquals(2, s.cpus());
    }

    @Test
    void oldKernelsWithFewerFieldsStillParse() {
        assertEquals(10 + 20 + 30, ProcStat.parse("cpu 10 20 30 400\ncpu0 10 20 30 400\n").busyTicks());
    }

    @Test
    void malformedInputIsRefusedWithTheReason() {
        var missing = assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("intr 1 2 3\n"));
        assertTrue(missing.getMessage().contains("no aggregate 'cpu' line"), missing.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("cpu 1 x 3 4 5\n"));
        assertTrue(bad.getMessage().contains("'x'"), bad.getMessage());
    }

    @Test
    void busyVerdictComparesOthersCpuTimeWithATenthOfACore() {
        BusyMeter.Busy quiet = BusyMeter.Busy.of(10, 20.5, 19.8); // others 0.7 s in 10 s: 0.07 cores
        assertFalse(quiet.busy());
        assertEquals(0.7, quiet.otherCpuSeconds(), 1e-9);
        BusyMeter.Busy busy = BusyMeter.Busy.of(10, 25, 19); // others 6 s in 10 s
        assertTrue(busy.busy());
        assertEquals(0.6, busy.otherCores(), 1e-9);
        assertEquals(0, BusyMeter.Busy.of(1, 1.00, 1.01).otherCpuSeconds(), "tick rounding never goes negative");
        assertFalse(BusyMeter.Busy.unknown(5).busy(), "without /proc/stat nothing is flagged");
        assertTrue(quiet.plus(busy).busy());
    }
}
