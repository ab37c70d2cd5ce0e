package dev.mako.kernels;

import static dev.mako.kernels.KernelTesting.read;
import static dev.mako.kernels.KernelTesting.ulps;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the transcendental kernels against {@link Math} in double, over wide ranges, in
 * units in the last place of the float result. Bounds: exp, log, tanh ≤ 2 ulp; sigmoid ≤ 4 ulp
 * (an exp, an add and a divide); sqrt correctly rounded (≤ 0.5 ulp). Results below the smallest normal float are
 * compared in absolute terms (one subnormal step counts as one ulp). On the vector path each
 * kernel is first called until the JIT has optimised it: the Vector API's intrinsics, whose
 * results may differ from {@link Math}'s, exist only in optimised code.
 */
class MathAccuracyTest {
    private static final int N = 200_003;
    private static final String K = "dev.mako.kernels.";
    private static final JitWatch JIT = Simd.enabled() ? JitWatch.get() : null;
    private final KernelTesting mem = new KernelTesting();

    @AfterEach
    void close() {
        mem.close();
    }

    @Test
    void exp() {
        float[] x = uniform(30, -104, 89);
        check("exp", x, Math::exp, (s, d, n) -> Activations.exp(s, 0, d, 0, n), 2, "Activations::exp");
    }

    @Test
    void log() {
        float[] x = logUniform(31, -149, 128);
        check("log", x, Math::log, (s, d, n) -> Activations.log(s, 0, d, 0, n), 2, "Activations::log");
    }

    @Test
    void tanh() {
        float[] x = uniform(32, -12, 12);
        float[] small = logUniform(33, -40, 3);
        for (int i = 0; i < x.length; i += 3) x[i] = (i & 1) == 0 ? small[i] : -small[i];
        check("tanh", x, Math::tanh, (s, d, n) -> Activations.forward(Activation.TANH, 0, s, 0, d, 0, n), 2, "Activations::forward");
    }

    @Test
    void sigmoid() {
        float[] x = uniform(34, -100, 100);
        float[] near = uniform(35, -8, 8);
        for (int i = 0; i < x.length; i += 2) x[i] = near[i];
        check("sigmoid", x, v -> 1 / (1 + Math.exp(-v)), (s, d, n) -> Activations.forward(Activation.SIGMOID, 0, s, 0, d, 0, n), 4, "Activations::forward");
    }

    @Test
    void sqrt() {
        float[] x = logUniform(36, -149, 128);
        check("sqrt", x, Math::sqrt, (s, d, n) -> Activations.sqrt(s, 0, d, 0, n), 0.5, "Activations::sqrt");
    }

    @Test
    void specialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.72f, 88.73f, -87.5f, -103f, -200f,
                1e-30f, -1e-30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1f, -1f};
        MemorySegment s = mem.place(x, 0), d = mem.output(x.length, 0);
        optimise(() -> {
            Activations.exp(s, 0, d, 0, x.length);
            Activations.log(s, 0, d, 0, x.length);
            Activations.forward(Activation.TANH, 0, s, 0, d, 0, x.length);
            Activations.forward(Activation.SIGMOID, 0, s, 0, d, 0, x.length);
        }, "Activations::exp", "Activations::log", "Activations::forward");
        Activations.exp(s, 0, d, 0, x.length);
        KernelTesting.assertClose(ScalarKernels.exp(x), read(d, 0, x.length), 3e-7, 0, "exp of special values");
        Activations.log(s, 0, d, 0, x.length);
        KernelTesting.assertClose(ScalarKernels.log(x), read(d, 0, x.length), 3e-7, 0, "log of special values");
        Activations.forward(Activation.TANH, 0, s, 0, d, 0, x.length);
        KernelTesting.assertClose(ScalarKernels.forward(Activation.TANH, 0, x), read(d, 0, x.length), 3e-7, 0, "tanh of special values");
        Activations.forward(Activation.SIGMOID, 0, s, 0, d, 0, x.length);
        KernelTesting.assertClose(ScalarKernels.forward(Activation.SIGMOID, 0, x), read(d, 0, x.length), 5e-7, 0, "sigmoid of special values");
    }

    private interface Kernel {
        void run(MemorySegment src, MemorySegment dst, int n);
    }

    /** On the vector path, calls until the JIT has optimised the kernels (named within this package). */
    private static void optimise(Runnable call, String... kernels) {
        if (JIT == null) return;
        String[] methods = new String[kernels.length];
        for (int i = 0; i < kernels.length; i++) methods[i] = K + kernels[i];
        JIT.callUntilOptimised(call, 1000, methods);
    }

    private void check(String name, float[] x, DoubleUnaryOperator exact, Kernel kernel, double maxUlps, String method) {
        MemorySegment s = mem.place(x, 0), d = mem.output(N, 0);
        optimise(() -> kernel.run(s, d, 37), method);
        kernel.run(s, d, N);
        float[] y = read(d, 0, N);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < N; i++) {
            double u = ulps(y[i], exact.applyAsDouble(x[i]));
            if (u > worst) { worst = u; at = i; }
        }
        System.out.printf("%s (%s): max %.3f ulp at x = %s%n", name, Simd.describe(), worst, x[at]);
        double w = worst;
        int a = at;
        assertTrue(w <= maxUlps, () -> name + " off by " + w + " ulp at x = " + x[a] + ": got " + y[a] + ", exact " + exact.applyAsDouble(x[a]));
    }

    private static float[] uniform(long seed, double lo, double hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return x;
    }

    /** Positive values 2^e with e uniform in [lo, hi). */
    private static float[] logUniform(long seed, double lo, double hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = (float) Math.pow(2, lo + (hi - lo) * rnd.nextDouble());
        return x;
    }
}
