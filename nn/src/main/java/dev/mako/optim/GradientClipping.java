package dev.mako.optim;

import dev.mako.kernels.Elementwise;
import dev.mako.kernels.OptimizerKernels;
import dev.mako.kernels.Reductions;
import dev.mako.tensor.Tensor;

/** In-place gradient transforms applied before an update: the L2 penalty and the three kinds of clipping. */
final class GradientClipping {
    private GradientClipping() {}

    /** g += coefficient·p for every parameter marked in {@code include}. */
    static void addL2(Tensor[] values, Tensor[] grads, boolean[] include, float coefficient) {
        for (int i = 0; i < grads.length; i++) {
            if (!include[i]) continue;
            Tensor p = values[i], g = grads[i];
            Elementwise.axpy(coefficient, p.segment(), p.offset(), g.segment(), g.offset(), (int) g.size());
        }
    }

    /** Each gradient whose L2 norm exceeds {@code maxNorm} is rescaled to norm {@code maxNorm}; others are left as they are. */
    static void clipEachByNorm(Tensor[] grads, double maxNorm) {
        for (Tensor g : grads) {
            double norm = Math.sqrt(sumOfSquares(g));
            if (norm > maxNorm) OptimizerKernels.scale(g.segment(), g.offset(), (int) g.size(), (float) (maxNorm / norm));
        }
    }

    /**
     * All gradients are rescaled by {@code maxNorm / globalNorm} when the global norm exceeds
     * {@code maxNorm}. As in Keras, a non-finite global norm turns every gradient into NaN rather
     * than hiding the problem (a model's NaN-loss check then stops training).
     */
    static void clipByGlobalNorm(Tensor[] grads, double maxNorm) {
        double total = 0;
        for (Tensor g : grads) total += sumOfSquares(g);
        double norm = Math.sqrt(total);
        if (norm <= maxNorm) return;
        float scale = Double.isFinite(norm) ? (float) (maxNorm / norm) : Float.NaN;
        for (Tensor g : grads) OptimizerKernels.scale(g.segment(), g.offset(), (int) g.size(), scale);
    }

    static void clipByValue(Tensor[] grads, float limit) {
        for (Tensor g : grads) OptimizerKernels.clipByValue(g.segment(), g.offset(), (int) g.size(), limit);
    }

    static double sumOfSquares(Tensor g) {
        return Reductions.sumOfSquares(g.segment(), g.offset(), (int) g.size());
    }
}
