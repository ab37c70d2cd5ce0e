package dev.mako.parallel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU time other processes took while something was being measured: the machine's busy
 * time from {@code /proc/stat} minus this process's own CPU time, as a share of all CPUs over the
 * wall-clock interval. Timings taken while another process held a core are not representative
 * (multi-threaded GEMM collapses), so calibration does not cache them and benchmarks flag them.
 */
public final class CpuContention {
    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream platform. */
    private static final double NANOS_PER_TICK = 1e9 / 100;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPUs that /proc/stat accounts for (all of the machine's, whatever this process may use). */
    private static final int MACHINE_CPUS = machineCpus();

    private final long wallStart, ownCpuStart, machineBusyStart;

    private CpuContention() {
        wallStart = System.nanoTime();
        ownCpuStart = OS.getProcessCpuTime();
        machineBusyStart = machineBusyTicks();
    }

    /** Starts an interval now. */
    public static CpuContention start() {
        return new CpuContention();
    }

    /**
     * The share (0 to 1) of all CPUs used by other processes since {@link #start()}, or -1 when it
     * cannot be told (no /proc/stat).
     */
    public double othersShare() {
        long busy = machineBusyTicks();
        if (busy < 0 || machineBusyStart < 0) return -1;
        double wall = System.nanoTime() - wallStart;
        if (wall <= 0) return 0;
        double machine = (busy - machineBusyStart) * NANOS_PER_TICK;
        double own = OS.getProcessCpuTime() - ownCpuStart;
        double capacity = wall * MACHINE_CPUS;
        // Tick granularity (10 ms) makes short intervals coarse; clamp into [0, 1].
        return Math.max(0, Math.min(1, (machine - own) / capacity));
    }

    private static int machineCpus() {
        try {
            int n = (int) Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** user + nice + system + irq + softirq + steal ticks of all CPUs, -1 if unreadable. */
    private static long machineBusyTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) return -1;
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                if (i < f.length) busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
