package dev.mako.kernels;

import static dev.mako.kernels.Simd.ENABLED;
import static dev.mako.kernels.Simd.F;
import static dev.mako.kernels.Simd.L;
import static dev.mako.kernels.Simd.S;
import static dev.mako.kernels.Simd.load;
import static dev.mako.kernels.Simd.store;
import static dev.mako.kernels.Simd.tail;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.TANH;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Activation kernels and their derivatives, over contiguous float runs. Outputs may alias inputs
 * exactly.
 *
 * <p><b>NaN.</b> RELU is {@code Math.max(x, 0)}: a NaN input gives NaN (it is not hidden as 0),
 * and -0.0 gives +0.0. LEAKY_RELU, SIGMOID and TANH propagate NaN too; STEP maps NaN to 0.
 *
 * <p><b>Piecewise derivatives select, they do not multiply:</b> RELU's backward is
 * {@code y > 0 ? dy : 0}, so an infinite or NaN upstream gradient does not leak through a unit
 * whose derivative is 0 (as PyTorch's threshold backward); STEP's derivative is 0 everywhere.
 *
 * <p><b>Accuracy.</b> The vector path computes exp, log, tanh and sqrt with the Vector API's
 * lanewise operators (intrinsified on x86 with short-vector math routines, measured faster than a
 * polynomial of our own, and measured within 0.76 ulp of {@link Math}); sigmoid is computed in
 * float from {@code e^-|x|}, within 4 ulp, subnormal results included. The scalar path rounds
 * {@link Math}'s double results.
 */
public final class Activations {
    private Activations() {}

    /** y = f(x); {@code alpha} is the negative slope of LEAKY_RELU (ignored otherwise). Output may alias input. */
    public static void forward(Activation f, float alpha, MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, apply(f, alpha, x.getAtIndex(F, xo + i)));
            return;
        }
        switch (f) {
            case IDENTITY -> Elementwise.copy(x, xo, y, yo, n);
            case STEP -> step(x, xo, y, yo, n);
            case SIGMOID -> sigmoid(x, xo, y, yo, n);
            case TANH -> tanh(x, xo, y, yo, n);
            case RELU -> Elementwise.maxScalar(x, xo, 0f, y, yo, n);
            case LEAKY_RELU -> leakyRelu(alpha, x, xo, y, yo, n);
        }
    }

    /**
     * dx = (accumulate ? dx : 0) + dy * f'(x), with f' expressed through the output y = f(x).
     */
    public static void backward(Activation f, float alpha, MemorySegment y, long yo, MemorySegment dy, long dyo,
                                MemorySegment dx, long dxo, int n, boolean accumulate) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) {
                float g = gradientFromOutput(f, alpha, y.getAtIndex(F, yo + i), dy.getAtIndex(F, dyo + i));
                if (accumulate) g += dx.getAtIndex(F, dxo + i);
                dx.setAtIndex(F, dxo + i, g);
            }
            return;
        }
        switch (f) {
            case IDENTITY -> {
                if (accumulate) Elementwise.add(dx, dxo, dy, dyo, dx, dxo, n);
                else Elementwise.copy(dy, dyo, dx, dxo, n);
            }
            case STEP -> {
                if (!accumulate) Elementwise.fill(dx, dxo, n, 0f);
            }
            case SIGMOID -> sigmoidBackward(y, yo, dy, dyo, dx, dxo, n, accumulate);
            case TANH -> tanhBackward(y, yo, dy, dyo, dx, dxo, n, accumulate);
            case RELU -> reluBackward(y, yo, dy, dyo, dx, dxo, n, accumulate);
            case LEAKY_RELU -> leakyReluBackward(alpha, y, yo, dy, dyo, dx, dxo, n, accumulate);
        }
    }

    /** y = e^x */
    public static void exp(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.exp(x.getAtIndex(F, xo + i)));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(x, xo + i).lanewise(EXP), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).lanewise(EXP), y, yo + i, m);
        }
    }

    /** y = ln x (NaN for x < 0, -inf for 0) */
    public static void log(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.log(x.getAtIndex(F, xo + i)));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(x, xo + i).lanewise(LOG), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).lanewise(LOG), y, yo + i, m);
        }
    }

    /** y = √x, correctly rounded on both paths */
    public static void sqrt(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        if (!ENABLED) {
            for (int i = 0; i < n; i++) y.setAtIndex(F, yo + i, (float) Math.sqrt(x.getAtIndex(F, xo + i)));
            return;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(x, xo + i).lanewise(SQRT), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).lanewise(SQRT), y, yo + i, m);
        }
    }

    // ---- scalar definitions (the scalar path) ---------------------------------------------------

    static float apply(Activation f, float alpha, float x) {
        return switch (f) {
            case IDENTITY -> x;
            case STEP -> x > 0 ? 1f : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case RELU -> Math.max(x, 0f);
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
        };
    }

    /** dy · f'(x), with f' expressed through y = f(x); piecewise cases select. */
    static float gradientFromOutput(Activation f, float alpha, float y, float dy) {
        return switch (f) {
            case IDENTITY -> dy;
            case STEP -> 0f;
            case SIGMOID -> dy * (y * (1f - y));
            case TANH -> dy * (1f - y * y);
            case RELU -> y > 0 ? dy : 0f;
            case LEAKY_RELU -> y > 0 ? dy : alpha * dy;
        };
    }

    // ---- vector forward loops, one per activation so each operator is a constant ------------------

    private static void step(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(zero.blend(one, load(x, xo + i).compare(GT, 0f)), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(zero.blend(one, load(x, xo + i, m).compare(GT, 0f)), y, yo + i, m);
        }
    }

    /**
     * sigmoid(|x|) = 1 / (1 + e^-|x|), and e^-|x| · sigmoid(|x|) for negative x: e^-|x| never
     * overflows, so results stay accurate down to subnormals.
     */
    private static void sigmoid(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(sigmoid(load(x, xo + i)), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(sigmoid(load(x, xo + i, m)), y, yo + i, m);
        }
    }

    private static FloatVector sigmoid(FloatVector v) {
        FloatVector e = v.abs().neg().lanewise(EXP);
        FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return r.blend(e.mul(r), v.compare(LT, 0f));
    }

    private static void tanh(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) store(load(x, xo + i).lanewise(TANH), y, yo + i);
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, xo + i, m).lanewise(TANH), y, yo + i, m);
        }
    }

    private static void leakyRelu(float alpha, MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = load(x, xo + i);
            store(v.mul(alpha).blend(v, v.compare(GT, 0f)), y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(x, xo + i, m);
            store(v.mul(alpha).blend(v, v.compare(GT, 0f)), y, yo + i, m);
        }
    }

    // ---- vector backward loops. Each branch stores its own result: merging vectors from two
    // branches into one variable can make the JIT box them. --------------------------------------

    private static void sigmoidBackward(MemorySegment y, long yo, MemorySegment dy, long dyo,
                                        MemorySegment dx, long dxo, int n, boolean accumulate) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = load(y, yo + i);
            FloatVector g = load(dy, dyo + i).mul(v.mul(one.sub(v)));
            if (accumulate) store(g.add(load(dx, dxo + i)), dx, dxo + i);
            else store(g, dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(y, yo + i, m);
            FloatVector g = load(dy, dyo + i, m).mul(v.mul(one.sub(v)));
            if (accumulate) store(g.add(load(dx, dxo + i, m)), dx, dxo + i, m);
            else store(g, dx, dxo + i, m);
        }
    }

    private static void tanhBackward(MemorySegment y, long yo, MemorySegment dy, long dyo,
                                     MemorySegment dx, long dxo, int n, boolean accumulate) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = load(y, yo + i);
            FloatVector g = load(dy, dyo + i).mul(one.sub(v.mul(v)));
            if (accumulate) store(g.add(load(dx, dxo + i)), dx, dxo + i);
            else store(g, dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(y, yo + i, m);
            FloatVector g = load(dy, dyo + i, m).mul(one.sub(v.mul(v)));
            if (accumulate) store(g.add(load(dx, dxo + i, m)), dx, dxo + i, m);
            else store(g, dx, dxo + i, m);
        }
    }

    private static void reluBackward(MemorySegment y, long yo, MemorySegment dy, long dyo,
                                     MemorySegment dx, long dxo, int n, boolean accumulate) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector g = zero.blend(load(dy, dyo + i), load(y, yo + i).compare(GT, 0f));
            if (accumulate) store(g.add(load(dx, dxo + i)), dx, dxo + i);
            else store(g, dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            FloatVector g = zero.blend(load(dy, dyo + i, m), load(y, yo + i, m).compare(GT, 0f));
            if (accumulate) store(g.add(load(dx, dxo + i, m)), dx, dxo + i, m);
            else store(g, dx, dxo + i, m);
        }
    }

    private static void leakyReluBackward(float alpha, MemorySegment y, long yo, MemorySegment dy, long dyo,
                                          MemorySegment dx, long dxo, int n, boolean accumulate) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector d = load(dy, dyo + i);
            FloatVector g = d.mul(alpha).blend(d, load(y, yo + i).compare(GT, 0f));
            if (accumulate) store(g.add(load(dx, dxo + i)), dx, dxo + i);
            else store(g, dx, dxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = tail(i, n);
            FloatVector d = load(dy, dyo + i, m);
            FloatVector g = d.mul(alpha).blend(d, load(y, yo + i, m).compare(GT, 0f));
            if (accumulate) store(g.add(load(dx, dxo + i, m)), dx, dxo + i, m);
            else store(g, dx, dxo + i, m);
        }
    }
}
