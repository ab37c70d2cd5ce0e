package dev.mako.classic;

import dev.mako.tensor.Tensor;

/** Checks of (x [n, features], y [n]) training data, before any training starts. */
final class Samples {
    private Samples() {}

    /** Throws unless x is [n, features] and y is [n] with n, features ≥ 1. */
    static void checkShapes(String who, Tensor x, Tensor y) {
        if (x.rank() != 2 || x.dim(0) < 1 || x.dim(1) < 1) {
            throw new IllegalArgumentException(who + ": x must be [samples, features] with at least one of each, got " + x.shapeString());
        }
        if (y.rank() != 1 || y.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException(who + ": y must be [samples] matching x " + x.shapeString() + ", got " + y.shapeString());
        }
    }

    static void requireTrained(String who, int features) {
        if (features == 0) throw new IllegalStateException(who + " is not trained yet: call fit first");
    }

    /** Throws unless x is [n, features] with the feature count the model was trained on. */
    static void checkFeatures(String who, Tensor x, int features) {
        requireTrained(who, features);
        if (x.rank() != 2 || x.dim(1) != features) {
            throw new IllegalArgumentException(who + ": x must be [samples, " + features + "], got " + x.shapeString());
        }
    }

    /** The labels as an array, after checking each is {@code a} or {@code b}. */
    static float[] labels(String who, Tensor y, float a, float b) {
        float[] v = y.toArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != a && v[i] != b) {
                throw new IllegalArgumentException(who + ": labels must be " + fmt(a) + " or " + fmt(b) + ", but y[" + i + "] = " + v[i]);
            }
        }
        return v;
    }

    /** Fraction of positions where the two label arrays agree. */
    static double agreement(float[] predicted, float[] labels) {
        int same = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) same++;
        return (double) same / labels.length;
    }

    private static String fmt(float v) {
        return v == (int) v ? Integer.toString((int) v) : Float.toString(v);
    }
}
