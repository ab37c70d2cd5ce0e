package dev.mako.classic;

import dev.mako.data.Playground;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.util.SplittableRandom;

/** Small seeded data sets for the classic learners. */
final class ToyData {
    private ToyData() {}

    record Set(Tensor x, Tensor y) {}

    /** Two square blobs, [1, 3]² (label {@code one}) and [−3, −1]² (label {@code other}): linearly separable by construction. */
    static Set separableBlobs(TensorStore store, int n, long seed, float one, float other) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean first = r.nextBoolean();
            double c = first ? 2 : -2;
            x[2 * i] = (float) (c + r.nextDouble(-1, 1));
            x[2 * i + 1] = (float) (c + r.nextDouble(-1, 1));
            y[i] = first ? one : other;
        }
        return new Set(store.of(x, n, 2), store.of(y, n));
    }

    /** The playground's Gaussian blobs at high noise: the classes overlap. */
    static Set overlappingBlobs(TensorStore store, int n, long seed, float one, float other) {
        Playground.Data d = Playground.gaussian(store, n, 0.5, seed);
        return new Set(d.x(), relabel(store, d.y(), one, other));
    }

    static Set xor(TensorStore store, float one, float other) {
        return new Set(store.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2), store.of(new float[] {other, one, one, other}, 4));
    }

    static Set and(TensorStore store, float one, float other) {
        return new Set(store.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2), store.of(new float[] {other, other, other, one}, 4));
    }

    /** {0, 1} labels mapped to {other, one}. */
    static Tensor relabel(TensorStore store, Tensor y01, float one, float other) {
        float[] v = y01.toArray();
        for (int i = 0; i < v.length; i++) v[i] = v[i] == 1f ? one : other;
        return store.of(v, v.length);
    }
}
