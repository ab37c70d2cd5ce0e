package dev.mako.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --key value} / {@code --flag} command-line options with clear errors for unknown or malformed
 * ones. A repeated option's last value counts, except through {@link #strings}, which gives them all.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();
    private final java.util.ArrayList<String> positional = new java.util.ArrayList<>();

    /** {@code valued}: options that take a value; {@code flags}: options that do not. */
    Args(String[] args, Set<String> valued, Set<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a, value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    key = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (flags.contains(key)) {
                    if (value != null) throw new UsageException(key + " takes no value");
                    values.put(key, "true");
                } else if (valued.contains(key)) {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException(key + " needs a value");
                        value = args[++i];
                    }
                    values.put(key, value);
                    repeated.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option " + key + "; options: " + String.join(" ", sorted(valued, flags)));
                }
            } else {
                positional.add(a);
            }
        }
    }

    private static List<String> sorted(Set<String> a, Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String key) {
        return values.containsKey(key);
    }

    /** Every value given for {@code key}, in order; empty when it was not given. */
    List<String> strings(String key) {
        return List.copyOf(repeated.getOrDefault(key, List.of()));
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    Path path(String key) {
        String v = values.get(key);
        return v == null ? null : Path.of(v);
    }

    int integer(String key, int fallback, int min) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < min) throw new UsageException(key + " must be ≥ " + min + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(key + " needs an integer, got '" + v + "'");
        }
    }

    long longValue(String key, long fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(key + " needs an integer, got '" + v + "'");
        }
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) throw new UsageException(key + " must be a positive number, got " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(key + " needs a number, got '" + v + "'");
        }
    }
}
