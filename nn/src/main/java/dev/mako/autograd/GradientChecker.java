package dev.mako.autograd;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.List;
import java.util.StringJoiner;

/**
 * Checks reverse-mode gradients against central finite differences.
 *
 * <p>The function under test builds a scalar from ops on the tape it is given. The checker runs it
 * once with backward to get the analytic gradient of every input, then, for each input element,
 * evaluates it at x ± h and x ± h/2 (no recording) and compares the Richardson-extrapolated
 * central difference with the analytic value. The perturbation is applied in float storage, so
 * the step actually taken — {@code (float) (x + h) − (float) (x − h)} — is the divisor, and
 * everything after the forward pass is in double precision.
 *
 * <p>Errors: absolute {@code |a − n|} and relative {@code |a − n| / max(|a|, |n|, floor)}. The
 * floor keeps gradients near zero from producing huge relative errors out of float rounding in
 * the forward pass (the approach of DL4J's GradientCheckUtil); a check passes when the largest
 * relative error is within the tolerance. Inputs should be smooth points: keep values away from
 * kinks (ReLU at 0, a clip bound) by more than h, and make any randomness repeat (a dropout
 * generator reseeded inside the function) so that every evaluation computes the same function.
 */
public final class GradientChecker {
    /** Builds a scalar from ops on {@code tape}; called once with backward, then twice per input element. */
    @FunctionalInterface
    public interface ScalarFunction {
        Tensor evaluate(Tape tape);
    }

    /** One check: its name, the input shapes, the largest errors over all input elements, the verdict. */
    public record Result(String name, String inputs, long elements, double maxAbsError, double maxRelError, boolean ok) {}

    public static final double DEFAULT_STEP = 1e-2;
    public static final double DEFAULT_TOLERANCE = 1e-2;
    public static final double DEFAULT_FLOOR = 1e-2;

    private final double step;
    private final double tolerance;
    private final double floor;

    public GradientChecker() {
        this(DEFAULT_STEP, DEFAULT_TOLERANCE, DEFAULT_FLOOR);
    }

    /**
     * @param step      the perturbation h
     * @param tolerance largest relative error that passes
     * @param floor     smallest denominator of the relative error (an absolute-error floor)
     */
    public GradientChecker(double step, double tolerance, double floor) {
        if (!(step > 0 && tolerance > 0 && floor > 0)) {
            throw new IllegalArgumentException("step, tolerance and floor must be positive: " + step + ", " + tolerance + ", " + floor);
        }
        this.step = step;
        this.tolerance = tolerance;
        this.floor = floor;
    }

    public Result check(String name, ScalarFunction f, Tensor... inputs) {
        return check(name, f, List.of(inputs));
    }

    /**
     * Compares analytic and numeric gradients of {@code f} with respect to every element of
     * {@code inputs}, which must require gradients and live in a {@link TensorStore} (their
     * values are perturbed in place and restored).
     */
    public Result check(String name, ScalarFunction f, List<Tensor> inputs) {
        StringJoiner shapes = new StringJoiner(", ");
        for (Tensor t : inputs) {
            if (!(t.owner() instanceof TensorStore)) {
                throw new IllegalArgumentException(name + ": input " + t.shapeString() + " must live in a TensorStore, not a step workspace");
            }
            if (!t.requiresGrad) throw new IllegalArgumentException(name + ": input " + t.shapeString() + " does not require a gradient");
            shapes.add(t.shapeString());
        }
        try (Tape tape = new Tape()) {
            double[][] analytic = analyticGradients(tape, f, inputs);
            double maxAbs = 0, maxRel = 0;
            long elements = 0;
            for (int k = 0; k < inputs.size(); k++) {
                Tensor t = inputs.get(k);
                for (long i = 0; i < t.size(); i++) {
                    double numeric = numericDerivative(tape, f, t, i);
                    double a = analytic[k][(int) i];
                    double abs = Math.abs(a - numeric);
                    double rel = abs / Math.max(floor, Math.max(Math.abs(a), Math.abs(numeric)));
                    if (Double.isNaN(abs)) abs = rel = Double.NaN;
                    maxAbs = nanMax(maxAbs, abs);
                    maxRel = nanMax(maxRel, rel);
                    elements++;
                }
            }
            return new Result(name, shapes.toString(), elements, maxAbs, maxRel, maxRel <= tolerance);
        }
    }

    private static double[][] analyticGradients(Tape tape, ScalarFunction f, List<Tensor> inputs) {
        for (Tensor t : inputs) {
            // A parameter's gradient lives in its store and accumulates: start from zero.
            if (t.grad != null && t.grad.isValid() && t.grad.owner() instanceof TensorStore) t.grad.fill(0f);
        }
        try {
            Tensor loss = f.evaluate(tape);
            tape.backward(loss);
            double[][] out = new double[inputs.size()][];
            for (int k = 0; k < inputs.size(); k++) {
                Tensor t = inputs.get(k);
                out[k] = new double[(int) t.size()];
                if (t.grad != null && t.grad.isValid()) {
                    float[] g = t.grad.toArray();
                    for (int i = 0; i < g.length; i++) out[k][i] = g[i];
                }
            }
            return out;
        } finally {
            tape.reset();
        }
    }

    /**
     * Richardson-extrapolated central difference: (4·D(h/2) − D(h)) / 3 cancels the h² term of
     * the truncation error, so a step large enough to keep float rounding of the forward pass
     * small (h = 1e-2) still gives an O(h⁴) estimate.
     */
    private double numericDerivative(Tape tape, ScalarFunction f, Tensor t, long i) {
        double wide = centralDifference(tape, f, t, i, step), narrow = centralDifference(tape, f, t, i, step / 2);
        return (4 * narrow - wide) / 3;
    }

    private static double centralDifference(Tape tape, ScalarFunction f, Tensor t, long i, double h) {
        float original = t.getFlat(i);
        float up = (float) (original + h), down = (float) (original - h);
        try {
            t.setFlat(i, up);
            double fUp = evaluate(tape, f);
            t.setFlat(i, down);
            double fDown = evaluate(tape, f);
            return (fUp - fDown) / ((double) up - (double) down);
        } finally {
            t.setFlat(i, original);
        }
    }

    private static double evaluate(Tape tape, ScalarFunction f) {
        try (var scope = tape.noGrad()) {
            Tensor y = f.evaluate(tape);
            if (y.size() != 1) throw new IllegalArgumentException("gradient check needs a scalar function, got shape " + y.shapeString());
            return y.getFlat(0);
        } finally {
            tape.reset();
        }
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    public double step() {
        return step;
    }

    public double tolerance() {
        return tolerance;
    }

    public double floor() {
        return floor;
    }
}
