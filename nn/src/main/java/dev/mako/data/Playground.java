package dev.mako.data;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorOwner;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The two-dimensional classification sets of the TensorFlow neural-network playground: circle,
 * XOR, two Gaussian blobs and two spirals. Each returns {@code n} points as x {@code [n, 2]} and
 * labels y {@code [n]} in {0, 1} (the playground's +1 is 1, its −1 is 0), in an order shuffled
 * by the same seed, so that any slice (e.g. a validation split taken from the end) holds both
 * classes. Same seed, same points.
 *
 * <p>{@code noise} is the playground's noise fraction (its slider's percentage / 100, so 0 to 0.5
 * there; larger values are allowed) and means what it means there:
 * <ul>
 *   <li>circle and XOR: each label is that of the point displaced by a uniform offset of up to
 *       ±noise·5 per coordinate (the point itself is not moved), which mislabels points near
 *       the class boundary;</li>
 *   <li>Gaussian: the variance of each blob, 0.5 at noise 0 rising linearly to 4 at noise 0.5;</li>
 *   <li>spiral: each coordinate is moved by a uniform offset of up to ±noise.</li>
 * </ul>
 */
public final class Playground {
    private Playground() {}

    /** Points {@code x [n, 2]} and their labels {@code y [n]} in {0, 1}. */
    public record Data(Tensor x, Tensor y) {
        public int size() {
            return y.dim(0);
        }
    }

    /** Names {@link #byName} accepts. */
    public static final String NAMES = "circle, xor, gaussian, spiral";

    private static final double RADIUS = 5;

    /**
     * Class 1: a disc of radius 2.5 around the origin; class 0: the ring between radii 3.5 and 5.
     * Half the points in each (class 1 gets the odd one).
     */
    public static Data circle(TensorOwner owner, int n, double noise, long seed) {
        check(n, noise);
        SplittableRandom r = new SplittableRandom(seed);
        Points pts = new Points(n);
        int inner = (n + 1) / 2;
        for (int i = 0; i < n; i++) {
            boolean in = i < inner;
            double radius = in ? r.nextDouble(0, RADIUS * 0.5) : r.nextDouble(RADIUS * 0.7, RADIUS);
            double angle = r.nextDouble(0, 2 * Math.PI);
            double x = radius * Math.sin(angle), y = radius * Math.cos(angle);
            double nx = r.nextDouble(-RADIUS, RADIUS) * noise, ny = r.nextDouble(-RADIUS, RADIUS) * noise;
            pts.set(i, x, y, Math.hypot(x + nx, y + ny) < RADIUS * 0.5);
        }
        return pts.shuffled(r, owner);
    }

    /**
     * Points uniform in the square [−5.3, 5.3]² with a 0.3 gap along both axes; class 1 where
     * x·y ≥ 0 (first and third quadrants). The classes are only roughly balanced.
     */
    public static Data xor(TensorOwner owner, int n, double noise, long seed) {
        check(n, noise);
        SplittableRandom r = new SplittableRandom(seed);
        Points pts = new Points(n);
        double padding = 0.3;
        for (int i = 0; i < n; i++) {
            double x = r.nextDouble(-5, 5), y = r.nextDouble(-5, 5);
            x += x > 0 ? padding : -padding;
            y += y > 0 ? padding : -padding;
            double nx = r.nextDouble(-5, 5) * noise, ny = r.nextDouble(-5, 5) * noise;
            pts.set(i, x, y, (x + nx) * (y + ny) >= 0);
        }
        return pts.shuffled(r, owner);
    }

    /** Two Gaussian blobs: class 1 around (2, 2), class 0 around (−2, −2), each with variance 0.5 + 7·noise. */
    public static Data gaussian(TensorOwner owner, int n, double noise, long seed) {
        check(n, noise);
        SplittableRandom r = new SplittableRandom(seed);
        Points pts = new Points(n);
        double stddev = Math.sqrt(0.5 + 7 * noise); // the playground maps noise [0, 0.5] linearly onto variance [0.5, 4]
        int first = (n + 1) / 2;
        for (int i = 0; i < n; i++) {
            boolean one = i < first;
            double c = one ? 2 : -2;
            pts.set(i, c + stddev * r.nextGaussian(), c + stddev * r.nextGaussian(), one);
        }
        return pts.shuffled(r, owner);
    }

    /**
     * Two interleaved spirals: along each, the radius grows linearly from 0 to 5 while the angle
     * turns 1.75 revolutions; the class-0 spiral is the class-1 spiral turned by half a revolution.
     */
    public static Data spiral(TensorOwner owner, int n, double noise, long seed) {
        check(n, noise);
        SplittableRandom r = new SplittableRandom(seed);
        Points pts = new Points(n);
        int first = (n + 1) / 2;
        for (int i = 0; i < n; i++) {
            boolean one = i < first;
            int k = one ? i : i - first;
            int count = one ? first : n - first;
            double radius = (double) k / count * RADIUS;
            double t = 1.75 * k / count * 2 * Math.PI + (one ? 0 : Math.PI);
            double x = radius * Math.sin(t) + r.nextDouble(-1, 1) * noise;
            double y = radius * Math.cos(t) + r.nextDouble(-1, 1) * noise;
            pts.set(i, x, y, one);
        }
        return pts.shuffled(r, owner);
    }

    /** A set by name ("circle", "xor", "gaussian" or "gauss", "spiral"), for the command line. */
    public static Data byName(String name, TensorOwner owner, int n, double noise, long seed) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "circle" -> circle(owner, n, noise, seed);
            case "xor" -> xor(owner, n, noise, seed);
            case "gaussian", "gauss" -> gaussian(owner, n, noise, seed);
            case "spiral" -> spiral(owner, n, noise, seed);
            default -> throw new IllegalArgumentException("unknown playground data set '" + name + "' (known: " + NAMES + ")");
        };
    }

    private static void check(int n, double noise) {
        if (n < 1) throw new IllegalArgumentException("a playground data set needs at least one point, got n = " + n);
        if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
    }

    /** Points as generated (class 1 first), shuffled into tensors at the end. */
    private static final class Points {
        final float[] xy;
        final float[] label;

        Points(int n) {
            xy = new float[2 * n];
            label = new float[n];
        }

        void set(int i, double x, double y, boolean one) {
            xy[2 * i] = (float) x;
            xy[2 * i + 1] = (float) y;
            label[i] = one ? 1f : 0f;
        }

        Data shuffled(SplittableRandom r, TensorOwner owner) {
            int n = label.length;
            float[] sx = new float[2 * n], sy = new float[n];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int i = 0; i < n; i++) {
                int k = order[i];
                sx[2 * i] = xy[2 * k];
                sx[2 * i + 1] = xy[2 * k + 1];
                sy[i] = label[k];
            }
            return new Data(owner.allocate(n, 2).copyFrom(sx), owner.allocate(n).copyFrom(sy));
        }
    }
}
