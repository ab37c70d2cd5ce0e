package dev.mako.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.autograd.GradientChecker;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op, layer and loss against central differences: one test per registered check. */
class GradcheckSuiteTest {
    static List<GradcheckCase> cases() {
        return GradcheckSuite.standard();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(GradcheckCase c) {
        GradientChecker.Result r = c.run(new GradientChecker());
        System.out.printf("%-48s %-28s abs %.3e rel %.3e %s%n", r.name(), r.inputs(), r.maxAbsError(), r.maxRelError(), r.ok());
        assertTrue(r.ok(), () -> r.name() + " " + r.inputs() + ": max abs error " + r.maxAbsError() + ", max rel error " + r.maxRelError());
        assertTrue(r.elements() > 0, "checked no elements");
    }
}
