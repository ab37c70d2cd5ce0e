package dev.mako.bench.dl4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds other processes used between {@link #start()} and {@link #stop()}: the machine's busy
 * time from {@code /proc/stat} (user, nice, system, irq, softirq, steal) minus this process's own
 * CPU time, native threads included. Null where {@code /proc/stat} cannot be read.
 */
final class OthersCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int[] BUSY_COLUMNS = {1, 2, 3, 6, 7, 8};
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ

    private final Double machineAtStart;
    private final long ownNanosAtStart;

    private OthersCpu() {
        machineAtStart = machineBusySeconds();
        ownNanosAtStart = OS.getProcessCpuTime();
    }

    static OthersCpu start() {
        return new OthersCpu();
    }

    Double stop() {
        Double machine = machineBusySeconds();
        if (machine == null || machineAtStart == null) return null;
        double own = (OS.getProcessCpuTime() - ownNanosAtStart) / 1e9;
        return Math.max(0.0, machine - machineAtStart - own);
    }

    private static Double machineBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] cols = first.trim().split("\\s+");
            long ticks = 0;
            for (int c : BUSY_COLUMNS) if (c < cols.length) ticks += Long.parseLong(cols[c]);
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
