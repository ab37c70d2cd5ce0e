package dev.mako.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Pins the dispatch table for a test, whatever this machine's calibration says, so that every
 * route of {@link Gemm} can be exercised: {@code try (var pin = PinnedDispatch.openBlasEverywhere()) { ... }}.
 * Closing it serves the Java kernel for every shape again.
 */
final class PinnedDispatch implements AutoCloseable {
    private PinnedDispatch() {}

    /** OpenBLAS wins every calibrated shape, with all threads and with one. */
    static PinnedDispatch openBlasEverywhere() {
        List<GemmTiming> timings = new ArrayList<>();
        for (GemmShape s : GemmCalibration.SHAPES) timings.add(new GemmTiming(s, 1, 100, 1, 100));
        GemmDispatch.install(timings, "pinned by a test: OpenBLAS everywhere");
        return new PinnedDispatch();
    }

    /** The Java kernel takes every shape. */
    static PinnedDispatch javaEverywhere() {
        GemmDispatch.install(List.of(), "pinned by a test: Java everywhere");
        return new PinnedDispatch();
    }

    @Override
    public void close() {
        GemmDispatch.install(List.of(), "pinned by a test: Java everywhere");
    }
}
