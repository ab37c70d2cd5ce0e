package dev.mako.gradcheck;

import dev.mako.autograd.GradientChecker;
import dev.mako.tensor.TensorStore;
import java.util.Objects;

/**
 * One named gradient check: its body builds inputs (seeded from the name, so every run checks the
 * same numbers) and runs the checker. The inputs live in a store closed when the check ends.
 */
public record GradcheckCase(String name, Body body) {
    @FunctionalInterface
    public interface Body {
        GradientChecker.Result run(String name, GradientChecker checker, CheckInputs in);
    }

    public GradcheckCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    public GradientChecker.Result run(GradientChecker checker) {
        try (TensorStore store = new TensorStore("gradcheck " + name)) {
            return body.run(name, checker, new CheckInputs(store, name.hashCode()));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
