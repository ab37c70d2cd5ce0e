package dev.mako.gradcheck;

import dev.mako.autograd.GradientChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of gradient checks that {@code ./mako gradcheck} and the tests both run: every op,
 * layer and loss. A new family of layers adds its own {@code XxxChecks.cases()} here.
 */
public final class GradcheckSuite {
    private GradcheckSuite() {}

    public static List<GradcheckCase> standard() {
        List<GradcheckCase> all = new ArrayList<>();
        all.addAll(OpChecks.cases());
        all.addAll(LayerChecks.cases());
        all.addAll(LossChecks.cases());
        all.addAll(RecurrentChecks.cases());
        all.addAll(ConvChecks.cases());
        return List.copyOf(all);
    }

    /** Runs each case; a case that throws is reported as a failed row whose inputs column carries the error. */
    public static List<GradientChecker.Result> run(List<GradcheckCase> cases, GradientChecker checker) {
        List<GradientChecker.Result> results = new ArrayList<>(cases.size());
        for (GradcheckCase c : cases) {
            GradientChecker.Result r;
            try {
                r = c.run(checker);
            } catch (RuntimeException e) {
                r = new GradientChecker.Result(c.name(), "error: " + e, 0, Double.NaN, Double.NaN, false);
            }
            results.add(r);
        }
        return results;
    }
}
