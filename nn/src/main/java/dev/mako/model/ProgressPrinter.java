package dev.mako.model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras-style progress output of {@code fit}:
 * <pre>
 * Epoch 1/5
 * 1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.9239 - loss: 0.3186
 * </pre>
 * On a terminal (verbose 1) the bar is redrawn in place a few times per second; otherwise
 * (redirected output, or verbose 2) one plain line per epoch, fit for log files.
 */
final class ProgressPrinter {
    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int verbose;
    private final boolean live;
    private int totalSteps;
    private long epochStart;
    private long lastDraw;

    ProgressPrinter(PrintStream out, int verbose, boolean terminal) {
        this.out = out;
        this.verbose = verbose;
        this.live = verbose == 1 && terminal;
    }

    static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    void epochBegin(int epoch, int epochs, int steps) {
        totalSteps = steps;
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (verbose > 0) out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }

    /** Called after each step with the running means; redraws at most every 100 ms. */
    void step(int done, String firstKey, double firstValue, String secondKey, double secondValue) {
        if (!live) return;
        long now = System.nanoTime();
        if (done < totalSteps && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double perStep = elapsed / done;
        StringBuilder sb = new StringBuilder("\r");
        sb.append(counter(done)).append(' ').append(bar(done, true)).append(' ');
        sb.append(formatDuration(done < totalSteps ? perStep * (totalSteps - done) : elapsed)).append(' ');
        sb.append(formatPerStep(perStep));
        TreeMap<String, Double> sorted = new TreeMap<>();
        if (firstKey != null) sorted.put(firstKey, firstValue);
        if (secondKey != null) sorted.put(secondKey, secondValue);
        appendLogs(sb, sorted);
        out.print(sb);
        out.flush();
    }

    void epochEnd(Map<String, Double> logs) {
        if (verbose == 0) return;
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        double perStep = elapsed / Math.max(1, totalSteps);
        StringBuilder sb = new StringBuilder();
        if (live) {
            sb.append('\r').append(counter(totalSteps)).append(' ').append(bar(totalSteps, true)).append(' ')
                    .append(formatDuration(elapsed)).append(' ').append(formatPerStep(perStep));
        } else if (verbose == 1) {
            sb.append(counter(totalSteps)).append(' ').append(bar(totalSteps, false)).append(' ')
                    .append(formatDuration(elapsed)).append(' ').append(formatPerStep(perStep));
        } else {
            sb.append(counter(totalSteps)).append(" - ").append(formatDuration(elapsed)).append(" - ").append(formatPerStep(perStep));
        }
        appendLogs(sb, new TreeMap<>(logs));
        if (live) sb.append("\u001b[K");
        out.println(sb);
        out.flush();
    }

    private String counter(int done) {
        String total = Integer.toString(totalSteps);
        String d = Integer.toString(done);
        return " ".repeat(Math.max(0, total.length() - d.length())) + d + "/" + total;
    }

    private String bar(int done, boolean color) {
        int filled = totalSteps == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / totalSteps);
        String full = "━".repeat(filled), rest = "━".repeat(BAR_WIDTH - filled);
        if (!color) return full + rest;
        return "\u001b[32m" + full + "\u001b[0m" + "\u001b[37m\u001b[2m" + rest + "\u001b[0m";
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs) {
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ").append(formatValue(v)));
    }

    static String formatValue(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String formatDuration(double seconds) {
        if (seconds >= 1) return Math.round(seconds) + "s";
        return Math.round(seconds * 1e3) + "ms";
    }

    static String formatPerStep(double seconds) {
        if (seconds >= 1) return Math.round(seconds) + "s/step";
        if (seconds >= 1e-3) return Math.round(seconds * 1e3) + "ms/step";
        return Math.round(seconds * 1e6) + "us/step";
    }
}
