package dev.mako.autograd;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a training step's time goes: nanoseconds per scope (a layer, the loss, the optimizer)
 * and phase (forward, backward), summed over steps. The tape charges each backward rule to the
 * scope its node was recorded in; the model charges forward passes and updates. Recording is a
 * pair of {@link System#nanoTime} calls and an array add: nothing is allocated per step.
 */
public final class StepProfile {
    /** The phases a scope's time is split into. */
    public enum Phase { FORWARD, BACKWARD }

    private final String[] scopes;
    private final long[][] nanos;
    private long steps, stepNanos;

    /** One row per scope name; scope indices are positions in this list. */
    public StepProfile(String... scopes) {
        this.scopes = scopes.clone();
        this.nanos = new long[Phase.values().length][scopes.length];
    }

    /** Adds {@code elapsed} nanoseconds to a scope's phase; scopes outside the list are ignored. */
    public void add(int scope, Phase phase, long elapsed) {
        if (scope >= 0 && scope < scopes.length) nanos[phase.ordinal()][scope] += elapsed;
    }

    /** Counts one whole step of {@code elapsed} nanoseconds (what the scopes do not cover is shown as the rest). */
    public void step(long elapsed) {
        steps++;
        stepNanos += elapsed;
    }

    public long steps() {
        return steps;
    }

    /** Mean milliseconds per step of a scope's phase. */
    public double millisPerStep(int scope, Phase phase) {
        return steps == 0 ? 0 : nanos[phase.ordinal()][scope] / 1e6 / steps;
    }

    /** Mean milliseconds of a whole step. */
    public double millisPerStep() {
        return steps == 0 ? 0 : stepNanos / 1e6 / steps;
    }

    public void clear() {
        for (long[] row : nanos) Arrays.fill(row, 0);
        steps = stepNanos = 0;
    }

    /** A table: scope, forward and backward ms per step, share of the step; the unaccounted rest last. */
    public String table() {
        int width = Math.max(12, Arrays.stream(scopes).mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %11s %11s %7s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, row, "scope", "forward ms", "backward ms", "share"));
        double step = millisPerStep(), covered = 0;
        for (int s = 0; s < scopes.length; s++) {
            double f = millisPerStep(s, Phase.FORWARD), b = millisPerStep(s, Phase.BACKWARD);
            covered += f + b;
            sb.append(String.format(Locale.ROOT, row, scopes[s], cell(f), cell(b), share(f + b, step)));
        }
        sb.append(String.format(Locale.ROOT, row, "(rest)", cell(step - covered), "", share(step - covered, step)));
        sb.append(String.format(Locale.ROOT, "%d steps, %.3f ms per step%n", steps, step));
        return sb.toString();
    }

    private static String cell(double ms) {
        return ms == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String share(double part, double whole) {
        return whole <= 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * part / whole);
    }
}
