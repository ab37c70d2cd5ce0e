package dev.mako.gradcheck;

import static dev.mako.gradcheck.CheckInputs.project;

import dev.mako.autograd.GradientChecker;
import dev.mako.autograd.Tape;
import dev.mako.kernels.Activation;
import dev.mako.ops.ActivationOp;
import dev.mako.ops.AddOp;
import dev.mako.ops.AddScalarOp;
import dev.mako.ops.BatchNormOp;
import dev.mako.ops.BinaryCrossEntropyOp;
import dev.mako.ops.DenseOp;
import dev.mako.ops.DivOp;
import dev.mako.ops.DropoutOp;
import dev.mako.ops.ExpOp;
import dev.mako.ops.LogOp;
import dev.mako.ops.LogSoftmaxOp;
import dev.mako.ops.MarginLossOp;
import dev.mako.ops.MatMulOp;
import dev.mako.ops.MeanOp;
import dev.mako.ops.MulOp;
import dev.mako.ops.MulScalarOp;
import dev.mako.ops.ProbabilityCrossEntropyOp;
import dev.mako.ops.ReshapeOp;
import dev.mako.ops.SigmoidCrossEntropyOp;
import dev.mako.ops.SoftmaxCrossEntropyOp;
import dev.mako.ops.SoftmaxOp;
import dev.mako.ops.SqrtOp;
import dev.mako.ops.SquareOp;
import dev.mako.ops.SubOp;
import dev.mako.ops.SumOp;
import dev.mako.tensor.Shapes;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Gradient checks of every differentiable op, on small odd shapes. */
public final class OpChecks {
    private OpChecks() {}

    public static List<GradcheckCase> cases() {
        List<GradcheckCase> c = new ArrayList<>();
        c.add(new GradcheckCase("add", (n, ch, in) -> binary(n, ch, in, AddOp::apply, new int[] {3, 5}, new int[] {3, 5})));
        c.add(new GradcheckCase("add broadcast", (n, ch, in) -> binary(n, ch, in, AddOp::apply, new int[] {3, 1, 5}, new int[] {4, 1})));
        c.add(new GradcheckCase("sub", (n, ch, in) -> binary(n, ch, in, SubOp::apply, new int[] {3, 5}, new int[] {3, 5})));
        c.add(new GradcheckCase("sub broadcast row", (n, ch, in) -> binary(n, ch, in, SubOp::apply, new int[] {4, 5}, new int[] {5})));
        c.add(new GradcheckCase("sub broadcast first", (n, ch, in) -> binary(n, ch, in, SubOp::apply, new int[] {4, 1}, new int[] {4, 3})));
        c.add(new GradcheckCase("mul", (n, ch, in) -> binary(n, ch, in, MulOp::apply, new int[] {3, 5}, new int[] {3, 5})));
        c.add(new GradcheckCase("mul broadcast", (n, ch, in) -> binary(n, ch, in, MulOp::apply, new int[] {2, 3, 5}, new int[] {3, 1})));
        c.add(new GradcheckCase("div", (n, ch, in) -> binary(n, ch, in, DivOp::apply, new int[] {3, 5}, new int[] {3, 5})));
        c.add(new GradcheckCase("div broadcast", (n, ch, in) -> binary(n, ch, in, DivOp::apply, new int[] {5}, new int[] {3, 5})));
        c.add(new GradcheckCase("div by scalar", (n, ch, in) -> binary(n, ch, in, DivOp::apply, new int[] {3, 5}, new int[] {1})));
        c.add(new GradcheckCase("add_scalar", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, AddScalarOp.apply(t, x, 0.7f), w), x);
        }));
        c.add(new GradcheckCase("mul_scalar", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, MulScalarOp.apply(t, x, -1.3f), w), x);
        }));
        c.add(new GradcheckCase("matmul", (n, ch, in) -> {
            Tensor a = in.uniform(-1, 1, 3, 4), b = in.uniform(-1, 1, 4, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, MatMulOp.apply(t, a, b), w), a, b);
        }));
        c.add(new GradcheckCase("matmul transposed views", (n, ch, in) -> {
            // The transposed views themselves are the variables (a view does not pass gradients to its base).
            Tensor a = transposedVariable(in.uniform(-1, 1, 4, 3)), b = transposedVariable(in.uniform(-1, 1, 5, 4)), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, MatMulOp.apply(t, a, b), w), a, b);
        }));
        c.add(new GradcheckCase("sum", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 4, 5);
            return ch.check(n, t -> SumOp.apply(t, SquareOp.apply(t, x)), x);
        }));
        c.add(new GradcheckCase("sum axis 1", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 4, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, SumOp.apply(t, x, 1), w), x);
        }));
        c.add(new GradcheckCase("sum axis -1", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(3);
            return ch.check(n, t -> project(t, SumOp.apply(t, x, -1), w), x);
        }));
        c.add(new GradcheckCase("mean", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5);
            return ch.check(n, t -> MeanOp.apply(t, SquareOp.apply(t, x)), x);
        }));
        c.add(new GradcheckCase("mean axis 0", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(5);
            return ch.check(n, t -> project(t, MeanOp.apply(t, x, 0), w), x);
        }));
        c.add(new GradcheckCase("reshape", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 4, 5), w = in.projection(5, 12);
            return ch.check(n, t -> project(t, ReshapeOp.apply(t, x, 5, 12), w), x);
        }));
        for (Activation f : Activation.values()) {
            c.add(new GradcheckCase(f.kerasName(), (n, ch, in) -> {
                Tensor x = in.awayFromZero(0.05f, 2f, 3, 5), w = in.projection(3, 5);
                return ch.check(n, t -> project(t, ActivationOp.apply(t, x, f, 0.2f), w), x);
            }));
        }
        c.add(new GradcheckCase("softmax", (n, ch, in) -> {
            Tensor x = in.uniform(-2, 2, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, SoftmaxOp.apply(t, x), w), x);
        }));
        c.add(new GradcheckCase("log_softmax", (n, ch, in) -> {
            Tensor x = in.uniform(-2, 2, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, LogSoftmaxOp.apply(t, x), w), x);
        }));
        c.add(new GradcheckCase("exp", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, ExpOp.apply(t, x), w), x);
        }));
        c.add(new GradcheckCase("log", (n, ch, in) -> {
            Tensor x = in.uniform(0.5f, 2f, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, LogOp.apply(t, x), w), x);
        }));
        c.add(new GradcheckCase("sqrt", (n, ch, in) -> {
            Tensor x = in.uniform(0.5f, 2f, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, SqrtOp.apply(t, x), w), x);
        }));
        c.add(new GradcheckCase("square", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, SquareOp.apply(t, x), w), x);
        }));
        for (Activation f : new Activation[] {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
            c.add(new GradcheckCase("dense " + f.kerasName(), (n, ch, in) -> {
                Tensor x = in.uniform(-1, 1, 3, 4), k = in.uniform(-1, 1, 4, 5), b = in.uniform(-0.5f, 0.5f, 5), w = in.projection(3, 5);
                return ch.check(n, t -> project(t, DenseOp.apply(t, x, k, b, f, 0f), w), x, k, b);
            }));
        }
        c.add(new GradcheckCase("dense no bias", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 3, 4), k = in.uniform(-1, 1, 4, 5), w = in.projection(3, 5);
            return ch.check(n, t -> project(t, DenseOp.apply(t, x, k, null, Activation.TANH, 0f), w), x, k);
        }));
        c.add(new GradcheckCase("dropout", (n, ch, in) -> {
            Tensor x = in.uniform(-1, 1, 4, 5), w = in.projection(4, 5);
            return ch.check(n, t -> project(t, DropoutOp.apply(t, x, 0.4f, new SplittableRandom(3), true), w), x);
        }));
        c.add(new GradcheckCase("batch_norm training", (n, ch, in) -> batchNorm(n, ch, in, true)));
        c.add(new GradcheckCase("batch_norm eval", (n, ch, in) -> batchNorm(n, ch, in, false)));
        c.add(new GradcheckCase("softmax_cross_entropy sparse", (n, ch, in) -> {
            Tensor z = in.uniform(-2, 2, 4, 5), y = in.labels(4, 5);
            return ch.check(n, t -> SoftmaxCrossEntropyOp.applySparse(t, z, y), z);
        }));
        c.add(new GradcheckCase("softmax_cross_entropy soft targets", (n, ch, in) -> {
            Tensor z = in.uniform(-2, 2, 4, 5), y = in.distributions(4, 5);
            return ch.check(n, t -> SoftmaxCrossEntropyOp.apply(t, z, y), z);
        }));
        c.add(new GradcheckCase("categorical_crossentropy probabilities", (n, ch, in) -> {
            Tensor p = in.uniform(0.1f, 1f, 4, 5), y = in.distributions(4, 5);
            return ch.check(n, t -> ProbabilityCrossEntropyOp.apply(t, p, y), p);
        }));
        c.add(new GradcheckCase("categorical_crossentropy sparse probabilities", (n, ch, in) -> {
            Tensor p = in.uniform(0.1f, 1f, 4, 5), y = in.labels(4, 5);
            return ch.check(n, t -> ProbabilityCrossEntropyOp.applySparse(t, p, y), p);
        }));
        c.add(new GradcheckCase("categorical_crossentropy after softmax", (n, ch, in) -> {
            Tensor z = in.uniform(-2, 2, 4, 5), y = in.distributions(4, 5);
            return ch.check(n, t -> ProbabilityCrossEntropyOp.apply(t, SoftmaxOp.apply(t, z), y), z);
        }));
        c.add(new GradcheckCase("categorical_crossentropy sparse after softmax", (n, ch, in) -> {
            Tensor z = in.uniform(-2, 2, 4, 5), y = in.labels(4, 5);
            return ch.check(n, t -> ProbabilityCrossEntropyOp.applySparse(t, SoftmaxOp.apply(t, z), y), z);
        }));
        c.add(new GradcheckCase("margin_loss hinge", (n, ch, in) -> {
            Tensor p = in.values(new int[] {3, 2}, 0.3f, -1.5f, 0.7f, 1.6f, -0.2f, -0.8f), y = in.values(new int[] {3, 2}, 1, -1, -1, 1, 1, -1);
            y.requiresGrad = false;
            return ch.check(n, t -> MarginLossOp.apply(t, p, y, 1f), p);
        }));
        c.add(new GradcheckCase("binary_crossentropy", (n, ch, in) -> {
            Tensor p = in.uniform(0.1f, 0.9f, 3, 5), y = in.binary(3, 5);
            return ch.check(n, t -> BinaryCrossEntropyOp.apply(t, p, y), p);
        }));
        c.add(new GradcheckCase("sigmoid_cross_entropy", (n, ch, in) -> {
            Tensor z = in.uniform(-3, 3, 3, 5), y = in.binary(3, 5);
            return ch.check(n, t -> SigmoidCrossEntropyOp.apply(t, z, y), z);
        }));
        return c;
    }

    private static Tensor transposedVariable(Tensor base) {
        Tensor view = base.t();
        view.requiresGrad = true;
        return view;
    }

    /** One of the broadcasting binary ops. */
    @FunctionalInterface
    private interface BinaryTensorOp {
        Tensor apply(Tape tape, Tensor a, Tensor b);
    }

    private static GradientChecker.Result binary(String name, GradientChecker checker, CheckInputs in, BinaryTensorOp op,
                                                 int[] aShape, int[] bShape) {
        Tensor a = in.uniform(-1, 1, aShape);
        // Operands stay away from zero: a divisor near zero makes the quotient steep.
        Tensor b = in.awayFromZero(0.5f, 2f, bShape);
        Tensor w = in.projection(Shapes.broadcast(aShape, bShape));
        return checker.check(name, t -> project(t, op.apply(t, a, b), w), a, b);
    }

    private static GradientChecker.Result batchNorm(String name, GradientChecker checker, CheckInputs in,
                                                                      boolean training) {
        Tensor x = in.uniform(-1, 2, 5, 3), gamma = in.uniform(0.5f, 1.5f, 3), beta = in.uniform(-0.5f, 0.5f, 3);
        Tensor mean = in.constant(-0.5f, 0.5f, 3), variance = in.constant(0.5f, 2f, 3), w = in.projection(5, 3);
        return checker.check(name, t -> project(t, BatchNormOp.apply(t, x, gamma, beta, mean, variance, 0.99f, 1e-3f, training), w), x, gamma, beta);
    }
}
