package dev.mako.gradcheck;

import dev.mako.autograd.GradientChecker;
import dev.mako.losses.Loss;
import dev.mako.losses.Losses;
import dev.mako.ops.SoftmaxOp;
import dev.mako.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient checks of every loss with respect to its predictions. */
public final class LossChecks {
    private LossChecks() {}

    public static List<GradcheckCase> cases() {
        List<GradcheckCase> c = new ArrayList<>();
        c.add(new GradcheckCase("mean_squared_error", (n, ch, in) -> {
            Tensor p = in.uniform(-1, 1, 4, 3), y = in.constant(-1, 1, 4, 3);
            return check(n, ch, Losses.meanSquaredError(), p, y);
        }));
        c.add(new GradcheckCase("mean_squared_error [batch] targets", (n, ch, in) -> {
            Tensor p = in.uniform(-1, 1, 5, 1), y = in.constant(-1, 1, 5);
            return check(n, ch, Losses.meanSquaredError(), p, y);
        }));
        c.add(new GradcheckCase("binary_crossentropy", (n, ch, in) -> {
            Tensor p = in.uniform(0.05f, 0.95f, 5, 1), y = in.binary(5, 1);
            return check(n, ch, Losses.binaryCrossentropy(), p, y);
        }));
        c.add(new GradcheckCase("binary_crossentropy from logits", (n, ch, in) -> {
            Tensor z = in.uniform(-4, 4, 5, 3), y = in.binary(5, 3);
            return check(n, ch, Losses.binaryCrossentropy(true), z, y);
        }));
        c.add(new GradcheckCase("categorical_crossentropy", (n, ch, in) -> {
            Tensor p = in.uniform(0.1f, 1f, 4, 5), y = in.oneHot(4, 5);
            return check(n, ch, Losses.categoricalCrossentropy(), p, y);
        }));
        c.add(new GradcheckCase("categorical_crossentropy from logits", (n, ch, in) -> {
            Tensor z = in.uniform(-3, 3, 4, 5), y = in.oneHot(4, 5);
            return check(n, ch, Losses.categoricalCrossentropy(true), z, y);
        }));
        c.add(new GradcheckCase("sparse_categorical_crossentropy", (n, ch, in) -> {
            Tensor p = in.uniform(0.1f, 1f, 4, 5), y = in.labels(4, 5);
            return check(n, ch, Losses.sparseCategoricalCrossentropy(), p, y);
        }));
        c.add(new GradcheckCase("sparse_categorical_crossentropy from logits", (n, ch, in) -> {
            Tensor z = in.uniform(-3, 3, 4, 5), y = in.labels(4, 5);
            return check(n, ch, Losses.sparseCategoricalCrossentropy(true), z, y);
        }));
        c.add(new GradcheckCase("sparse_categorical_crossentropy after softmax", (n, ch, in) -> {
            Tensor z = in.uniform(-3, 3, 4, 5), y = in.labels(4, 5);
            Loss loss = Losses.sparseCategoricalCrossentropy();
            return ch.check(n, t -> loss.compute(t, SoftmaxOp.apply(t, z), y), z);
        }));
        c.add(new GradcheckCase("hinge", (n, ch, in) -> {
            // Margins 1 − y·ŷ stay clear of the kink at 0: |ŷ| is either below 0.9 or above 1.1.
            Tensor p = in.values(new int[] {4, 2}, 0.3f, -1.5f, 0.7f, 1.6f, -0.2f, -0.8f, 1.3f, -0.5f), y = in.binary(4, 2);
            return check(n, ch, Losses.hinge(), p, y);
        }));
        c.add(new GradcheckCase("perceptron_criterion", (n, ch, in) -> {
            Tensor p = in.awayFromZero(0.05f, 2f, 6, 1), y = in.binary(6, 1);
            return check(n, ch, Losses.perceptronCriterion(), p, y);
        }));
        return c;
    }

    private static GradientChecker.Result check(String name, GradientChecker checker, Loss loss,
                                                                  Tensor predictions, Tensor targets) {
        return checker.check(name, t -> loss.compute(t, predictions, targets), predictions);
    }
}
