package dev.mako.init;

import dev.mako.kernels.Elementwise;
import dev.mako.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Writes values into a tensor in row-major order. Random draws are sequential by nature (one
 * stream, one order, so a seed fixes every weight); parameters are contiguous, so each value goes
 * straight into the segment. Nothing is allocated besides the tensor's own memory.
 */
final class RandomFill {
    private RandomFill() {}

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    static void constant(Tensor t, float value) {
        if (t.isContiguous() && t.size() <= Integer.MAX_VALUE) {
            Elementwise.fill(t.segment(), t.offset(), (int) t.size(), value);
        } else {
            t.fill(value);
        }
    }

    /** U[lo, hi). */
    static void uniform(Tensor t, SplittableRandom random, double lo, double hi) {
        Target out = new Target(t);
        for (long i = 0; i < out.size; i++) out.put(i, (float) random.nextDouble(lo, hi));
    }

    /** N(mean, stddev²). */
    static void normal(Tensor t, SplittableRandom random, double mean, double stddev) {
        Target out = new Target(t);
        for (long i = 0; i < out.size; i++) out.put(i, (float) (mean + stddev * random.nextGaussian()));
    }

    /** N(mean, stddev²) with every draw beyond two standard deviations drawn again (Keras' truncation). */
    static void truncatedNormal(Tensor t, SplittableRandom random, double mean, double stddev) {
        Target out = new Target(t);
        for (long i = 0; i < out.size; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2.0);
            out.put(i, (float) (mean + stddev * z));
        }
    }

    /** Where the i-th row-major element goes: straight into the segment when contiguous. */
    private static final class Target {
        final Tensor t;
        final MemorySegment segment;
        final long offset, size;
        final boolean contiguous;

        Target(Tensor t) {
            this.t = t;
            this.segment = t.segment();
            this.offset = t.offset();
            this.size = t.size();
            this.contiguous = t.isContiguous();
        }

        void put(long i, float v) {
            if (contiguous) segment.setAtIndex(F, offset + i, v);
            else t.setFlat(i, v);
        }
    }
}
