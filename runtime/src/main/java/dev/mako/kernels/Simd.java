package dev.mako.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API set-up every kernel shares: one species, chosen once, and a switch.
 *
 * <p>{@code -Dmako.simd=false} makes every kernel run its plain scalar loop instead of Vector API
 * code (for debugging, or as a fallback where the Vector API is not intrinsified). The property
 * is read once, at class initialisation, so the choice costs nothing per call.
 *
 * <p>Vector kernels follow one pattern: a main loop up to {@code S.loopBound(n)} over full
 * vectors, then at most one masked vector for the tail (measured cheaper than a scalar tail for
 * short rows, e.g. 10 softmax classes). Vectors live only in locals.
 */
public final class Simd {
    private Simd() {}

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("mako.simd", "true").trim());
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** True unless {@code -Dmako.simd=false}: kernels use Vector API code. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Floats per vector of the preferred species. */
    public static int lanes() {
        return L;
    }

    /** One line for logs and {@code mako info}, e.g. "Vector API, 512-bit, 16 floats per vector". */
    public static String describe() {
        if (!ENABLED) return "scalar loops (-Dmako.simd=false)";
        return "Vector API, " + S.vectorBitSize() + "-bit, " + L + " floats per vector";
    }

    // ---- loads and stores addressed in floats, as the kernels' offsets are ---------------------

    // Vector-returning helpers can be boxed when a caller's compilation leaves them out of line (see
    // OptimizerKernels); these stay because they keep the kernels' inner methods small enough to be inlined.
    static FloatVector load(MemorySegment s, long index) {
        return FloatVector.fromMemorySegment(S, s, index * 4, ORDER);
    }

    /** Lanes outside {@code m} read as 0 and touch no memory. */
    static FloatVector load(MemorySegment s, long index, VectorMask<Float> m) {
        return FloatVector.fromMemorySegment(S, s, index * 4, ORDER, m);
    }

    static void store(FloatVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * 4, ORDER);
    }

    static void store(FloatVector v, MemorySegment s, long index, VectorMask<Float> m) {
        v.intoMemorySegment(s, index * 4, ORDER, m);
    }

    /** Mask of the {@code n - i} lanes left at the tail, {@code 0 < n - i < L}. */
    static VectorMask<Float> tail(int i, int n) {
        return S.indexInRange(i, n);
    }
}
