package dev.mako.bench;

import java.lang.management.ManagementFactory;

/**
 * Measures how much CPU time other processes used during an interval: the machine's busy time
 * from {@code /proc/stat} minus this process's own CPU time. A run during which others used more
 * than {@link #BUSY_CORE_SHARE} of one core on average is flagged as busy: its timing is not
 * representative (two-thread kernels collapse when another process holds a core).
 */
public final class BusyMeter {
    /** Others' average CPU use, in cores, above which a run counts as busy. */
    public static final double BUSY_CORE_SHARE = 0.10;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long wallStart;
    private final long ownCpuStart;
    private final ProcStat statStart;

    private BusyMeter() {
        statStart = ProcStat.readOrNull();
        ownCpuStart = OS.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    public static BusyMeter start() {
        return new BusyMeter();
    }

    /** The interval so far. */
    public Busy stop() {
        long wall = System.nanoTime() - wallStart;
        long own = OS.getProcessCpuTime() - ownCpuStart;
        ProcStat end = ProcStat.readOrNull();
        if (statStart == null || end == null) return Busy.unknown(wall / 1e9);
        return Busy.of(wall / 1e9, (end.busyTicks() - statStart.busyTicks()) * ProcStat.SECONDS_PER_TICK, own / 1e9);
    }

    /**
     * One interval's verdict. {@code otherCpuSeconds} is NaN when it could not be told (no
     * /proc/stat); such runs are not flagged.
     */
    public record Busy(double wallSeconds, double otherCpuSeconds) {
        /** From the machine's busy CPU seconds and this process's own (or a child's) CPU seconds. */
        public static Busy of(double wallSeconds, double machineCpuSeconds, double ownCpuSeconds) {
            // Ticks are 10 ms coarse, so a short interval can come out slightly negative.
            return new Busy(wallSeconds, Math.max(0, machineCpuSeconds - ownCpuSeconds));
        }

        public static Busy unknown(double wallSeconds) {
            return new Busy(wallSeconds, Double.NaN);
        }

        public boolean known() {
            return !Double.isNaN(otherCpuSeconds);
        }

        /** Other processes' average use in cores (0.25 = a quarter of one core). */
        public double otherCores() {
            return known() && wallSeconds > 0 ? otherCpuSeconds / wallSeconds : 0;
        }

        public boolean busy() {
            return otherCores() > BUSY_CORE_SHARE;
        }

        /** Several intervals as one: sums of wall and others' time. */
        public Busy plus(Busy o) {
            return new Busy(wallSeconds + o.wallSeconds, otherCpuSeconds + o.otherCpuSeconds);
        }
    }
}
