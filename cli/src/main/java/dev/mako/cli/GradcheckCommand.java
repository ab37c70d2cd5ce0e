package dev.mako.cli;

import dev.mako.autograd.GradientChecker;
import dev.mako.gradcheck.GradcheckSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./mako gradcheck [--json FILE]}: every op, layer and loss against finite differences,
 * as a table; exit status 1 if any check fails. {@code --json} also writes the rows to FILE
 * (through a temporary file renamed into place).
 */
final class GradcheckCommand implements Main.Command {
    @Override
    public String summary() {
        return "check every op, layer and loss gradient against finite differences [--json FILE]";
    }

    @Override
    public int run(String[] args) throws IOException {
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                if (i + 1 == args.length) throw new UsageException("--json needs a file name");
                json = Path.of(args[++i]);
            } else if (args[i].startsWith("--json=")) {
                json = Path.of(args[i].substring("--json=".length()));
            } else {
                throw new UsageException("gradcheck: unknown argument '" + args[i] + "'; usage: ./mako gradcheck [--json FILE]");
            }
        }
        GradientChecker checker = new GradientChecker();
        List<GradientChecker.Result> results = GradcheckSuite.run(GradcheckSuite.standard(), checker);
        printTable(results, checker);
        if (json != null) writeJson(json, results);
        return results.stream().allMatch(GradientChecker.Result::ok) ? 0 : 1;
    }

    private static void printTable(List<GradientChecker.Result> results, GradientChecker checker) {
        int nameWidth = "op".length(), inputsWidth = "inputs".length();
        for (GradientChecker.Result r : results) {
            nameWidth = Math.max(nameWidth, r.name().length());
            inputsWidth = Math.max(inputsWidth, r.inputs().length());
        }
        String row = "%-" + nameWidth + "s | %-" + inputsWidth + "s | %11s | %11s | %s%n";
        System.out.printf(row, "op", "inputs", "max abs err", "max rel err", "ok");
        System.out.println("-".repeat(nameWidth) + "-+-" + "-".repeat(inputsWidth) + "-+-" + "-".repeat(11) + "-+-" + "-".repeat(11) + "-+---");
        GradientChecker.Result worst = null;
        int failed = 0;
        for (GradientChecker.Result r : results) {
            System.out.printf(row, r.name(), r.inputs(), number(r.maxAbsError()), number(r.maxRelError()), r.ok() ? "yes" : "NO");
            if (!r.ok()) failed++;
            if (worst == null || !(r.maxRelError() <= worst.maxRelError())) worst = r;
        }
        System.out.printf("%n%d checks, %d passed, %d failed (h = %s, tolerance %s on |a - n| / max(|a|, |n|, %s))%n",
                results.size(), results.size() - failed, failed, checker.step(), checker.tolerance(), checker.floor());
        if (worst != null) System.out.printf("worst relative error: %s (%s)%n", number(worst.maxRelError()), worst.name());
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3e", v);
    }

    private static void writeJson(Path target, List<GradientChecker.Result> results) throws IOException {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            GradientChecker.Result r = results.get(i);
            sb.append("  {\"op\": ").append(quote(r.name()))
                    .append(", \"inputs\": ").append(quote(r.inputs()))
                    .append(", \"elements\": ").append(r.elements())
                    .append(", \"max_abs_err\": ").append(jsonNumber(r.maxAbsError()))
                    .append(", \"max_rel_err\": ").append(jsonNumber(r.maxRelError()))
                    .append(", \"ok\": ").append(r.ok()).append('}')
                    .append(i + 1 < results.size() ? ",\n" : "\n");
        }
        sb.append("]\n");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** JSON has no NaN: a check that could not compute an error writes null. */
    private static String jsonNumber(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }
}
