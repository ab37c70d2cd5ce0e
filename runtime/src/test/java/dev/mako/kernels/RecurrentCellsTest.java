package dev.mako.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused cell kernels against their scalar references, on widths that exercise the vector loop,
 * the tail and both together, at offsets that are not vector-aligned.
 */
class RecurrentCellsTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int ROWS = 3;
    private static final float TOL = 2e-6f;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 128})
    void simpleRnnMatchesReference(int u) {
        for (Activation f : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.RELU, Activation.IDENTITY}) {
            try (Arena arena = Arena.ofConfined()) {
                SplittableRandom rnd = new SplittableRandom(u);
                float[] z = random(rnd, ROWS * u, 2), dhOut = random(rnd, ROWS * u, 1), dhRec = random(rnd, ROWS * u, 1);
                MemorySegment zs = seg(arena, z, 3), hs = seg(arena, new float[ROWS * u], 5);
                RecurrentCells.simpleForward(f, 0f, zs, 3, hs, 5, ROWS, u);
                float[] h = RecurrentCellsReference.simpleForward(f, z);
                assertClose(h, read(hs, 5, h.length), f + " forward");

                // dhOut rows are strided (as one step of a [batch, time, units] gradient).
                int ld = u + 4;
                MemorySegment outs = strided(arena, dhOut, u, ld, 1), recs = seg(arena, dhRec, 2), dzs = seg(arena, new float[ROWS * u], 1);
                RecurrentCells.simpleBackward(f, 0f, hs, 5, outs, 1, ld, recs, 2, dzs, 1, ROWS, u);
                assertClose(RecurrentCellsReference.simpleBackward(f, h, dhOut, dhRec), read(dzs, 1, h.length), f + " backward");
                RecurrentCells.simpleBackward(f, 0f, hs, 5, null, 0, 0, recs, 2, dzs, 1, ROWS, u);
                assertClose(RecurrentCellsReference.simpleBackward(f, h, null, dhRec), read(dzs, 1, h.length), f + " backward without dhOut");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 128})
    void lstmMatchesReference(int u) {
        try (Arena arena = Arena.ofConfined()) {
            SplittableRandom rnd = new SplittableRandom(100 + u);
            float[] pre = random(rnd, ROWS * 4 * u, 3), cPrev = random(rnd, ROWS * u, 1);
            MemorySegment gs = seg(arena, pre, 1), cps = seg(arena, cPrev, 2);
            MemorySegment cs = seg(arena, new float[ROWS * u], 3), tcs = seg(arena, new float[ROWS * u], 0), hs = seg(arena, new float[ROWS * u], 7);
            RecurrentCells.lstmForward(gs, 1, cps, 2, cs, 3, tcs, 0, hs, 7, ROWS, u);
            float[][] ref = RecurrentCellsReference.lstmForward(pre, cPrev, ROWS, u);
            assertClose(ref[0], read(gs, 1, pre.length), "gate activations");
            assertClose(ref[1], read(cs, 3, ROWS * u), "c");
            assertClose(ref[2], read(tcs, 0, ROWS * u), "tanh(c)");
            assertClose(ref[3], read(hs, 7, ROWS * u), "h");

            float[] dhOut = random(rnd, ROWS * u, 1), dhRec = random(rnd, ROWS * u, 1), dc = random(rnd, ROWS * u, 1);
            int ld = 2 * u + 1;
            MemorySegment outs = strided(arena, dhOut, u, ld, 3), recs = seg(arena, dhRec, 1), dcs = seg(arena, dc, 2);
            RecurrentCells.lstmBackward(gs, 1, cps, 2, tcs, 0, outs, 3, ld, recs, 1, dcs, 2, ROWS, u);
            float[][] back = RecurrentCellsReference.lstmBackward(ref[0], cPrev, ref[2], dhOut, dhRec, dc, ROWS, u);
            assertClose(back[0], read(gs, 1, pre.length), "gate gradients");
            assertClose(back[1], read(dcs, 2, ROWS * u), "dc_prev");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 128})
    void gruMatchesReference(int u) {
        try (Arena arena = Arena.ofConfined()) {
            SplittableRandom rnd = new SplittableRandom(200 + u);
            float[] xg = random(rnd, ROWS * 3 * u, 2), rg = random(rnd, ROWS * 3 * u, 2), bRec = random(rnd, 3 * u, 1), hPrev = random(rnd, ROWS * u, 1);
            MemorySegment xs = seg(arena, xg, 1), rs = seg(arena, rg, 2), bs = seg(arena, bRec, 3), hps = seg(arena, hPrev, 0), hs = seg(arena, new float[ROWS * u], 5);
            RecurrentCells.gruForward(xs, 1, rs, 2, bs, 3, hps, 0, hs, 5, ROWS, u);
            float[][] ref = RecurrentCellsReference.gruForward(xg, rg, bRec, hPrev, ROWS, u);
            assertClose(ref[0], read(xs, 1, xg.length), "z, r, hh");
            assertClose(ref[1], read(rs, 2, rg.length), "recurrent product + bias");
            assertClose(ref[2], read(hs, 5, ROWS * u), "h");

            float[] dhOut = random(rnd, ROWS * u, 1), dhRec = random(rnd, ROWS * u, 1);
            int ld = u + 3;
            MemorySegment outs = strided(arena, dhOut, u, ld, 0), recs = seg(arena, dhRec, 4);
            RecurrentCells.gruBackward(xs, 1, rs, 2, hps, 0, outs, 0, ld, recs, 4, ROWS, u);
            float[][] back = RecurrentCellsReference.gruBackward(ref[0], ref[1], hPrev, dhOut, dhRec, ROWS, u);
            assertClose(back[0], read(xs, 1, xg.length), "input-side gradients");
            assertClose(back[1], read(rs, 2, rg.length), "recurrent-side gradients");
            assertClose(back[2], read(recs, 4, ROWS * u), "direct h_prev gradient");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 28, 33})
    void swapsLeadingAxes(int width) {
        try (Arena arena = Arena.ofConfined()) {
            int d0 = 3, d1 = 4;
            float[] src = random(new SplittableRandom(width), d0 * d1 * width, 1);
            MemorySegment s = seg(arena, src, 1), d = seg(arena, new float[d0 * d1 * width], 2);
            RecurrentCells.swapLeadingAxes(s, 1, d, 2, d0, d1, width, false);
            float[] expected = new float[src.length];
            for (int a = 0; a < d0; a++) for (int b = 0; b < d1; b++) for (int w = 0; w < width; w++) {
                expected[(b * d0 + a) * width + w] = src[(a * d1 + b) * width + w];
            }
            assertClose(expected, read(d, 2, src.length), "swap");
            RecurrentCells.swapLeadingAxes(s, 1, d, 2, d0, d1, width, true);
            for (int i = 0; i < expected.length; i++) expected[i] *= 2;
            assertClose(expected, read(d, 2, src.length), "swap and add");
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {-200f, -30f, 30f, 200f})
    void saturatesWithoutNaN(float x) {
        try (Arena arena = Arena.ofConfined()) {
            int u = 17;
            float[] pre = new float[4 * u];
            java.util.Arrays.fill(pre, x);
            MemorySegment gs = seg(arena, pre, 0), cps = seg(arena, new float[u], 0), cs = seg(arena, new float[u], 0), tcs = seg(arena, new float[u], 0), hs = seg(arena, new float[u], 0);
            RecurrentCells.lstmForward(gs, 0, cps, 0, cs, 0, tcs, 0, hs, 0, 1, u);
            for (float v : read(hs, 0, u)) assertEquals(x > 0 ? (float) Math.tanh(1) : 0f, v, 1e-6f);
        }
    }

    private static float[] random(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-scale, scale);
        return a;
    }

    /** A segment holding {@code values} from float index {@code offset}. */
    private static MemorySegment seg(Arena arena, float[] values, int offset) {
        MemorySegment s = arena.allocate((long) (values.length + offset + 1) * 4, 4);
        MemorySegment.copy(values, 0, s, F, (long) offset * 4, values.length);
        return s;
    }

    /** Rows of {@code width} floats laid out {@code ld} apart, garbage in between. */
    private static MemorySegment strided(Arena arena, float[] rows, int width, int ld, int offset) {
        int n = rows.length / width;
        MemorySegment s = arena.allocate((long) (n * ld + offset + 1) * 4, 4);
        for (long i = 0; i < s.byteSize() / 4; i++) s.setAtIndex(F, i, 1e6f);
        for (int r = 0; r < n; r++) MemorySegment.copy(rows, r * width, s, F, (long) (offset + r * ld) * 4, width);
        return s;
    }

    private static float[] read(MemorySegment s, int offset, int n) {
        float[] a = new float[n];
        MemorySegment.copy(s, F, (long) offset * 4, a, 0, n);
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            float tol = TOL * Math.max(1f, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " at " + i);
        }
    }
}
