package dev.mako.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine-wide CPU counters of {@code /proc/stat}: busy ticks summed over all CPUs (user, nice,
 * system, irq, softirq, steal; idle and iowait excluded) and how many CPUs were counted.
 */
public record ProcStat(long busyTicks, int cpus) {
    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream platform. */
    public static final double SECONDS_PER_TICK = 0.01;

    private static final Path FILE = Path.of("/proc/stat");
    private static final int[] BUSY_FIELDS = {1, 2, 3, 6, 7, 8};

    /** Parses the text of /proc/stat; throws naming what was missing or malformed. */
    public static ProcStat parse(String text) {
        long busy = -1;
        int cpus = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                if (f.length < 5) throw new IllegalArgumentException("/proc/stat: the 'cpu' line has " + (f.length - 1) + " fields, expected at least 4");
                busy = 0;
                for (int i : BUSY_FIELDS) {
                    if (i >= f.length) continue;
                    try {
                        busy += Long.parseLong(f[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("/proc/stat: field " + i + " of the 'cpu' line is not a number: '" + f[i] + "'");
                    }
                }
            } else if (f[0].matches("cpu\\d+")) {
                cpus++;
            }
        }
        if (busy < 0) throw new IllegalArgumentException("/proc/stat: no aggregate 'cpu' line");
        return new ProcStat(busy, Math.max(1, cpus));
    }

    /** The current counters, or null where /proc/stat does not exist or cannot be read. */
    public static ProcStat readOrNull() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
