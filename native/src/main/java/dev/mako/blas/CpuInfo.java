package dev.mako.blas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The first processor's entry in {@code /proc/cpuinfo}: enough to name the CPU in a cache key and
 * to tell which OpenBLAS kernels auto-detection would pick. Empty fields off Linux.
 */
public record CpuInfo(String vendor, int family, int model, int stepping, String modelName, Set<String> flags) {

    public static CpuInfo ofThisMachine() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return new CpuInfo("", -1, -1, -1, System.getProperty("os.arch", "unknown"), Set.of());
        }
    }

    /** Parses the lines of {@code /proc/cpuinfo}, stopping at the end of the first processor. */
    public static CpuInfo parse(List<String> lines) {
        String vendor = "", name = "";
        int family = -1, model = -1, stepping = -1;
        Set<String> flags = Set.of();
        boolean seenProcessor = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (seenProcessor && line.isBlank()) break;
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> {
                    if (seenProcessor) return new CpuInfo(vendor, family, model, stepping, name, flags);
                    seenProcessor = true;
                }
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = parseInt(value);
                case "model" -> model = parseInt(value);
                case "stepping" -> stepping = parseInt(value);
                case "model name" -> name = value;
                case "flags" -> flags = Set.of(value.split("\\s+"));
                default -> { }
            }
        }
        return new CpuInfo(vendor, family, model, stepping, name, flags);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A one-line description that changes when the CPU does: name, vendor, family/model/stepping. */
    public String identity() {
        return modelName + " (" + vendor + " family " + family + " model " + model + " stepping " + stepping + ")";
    }
}
