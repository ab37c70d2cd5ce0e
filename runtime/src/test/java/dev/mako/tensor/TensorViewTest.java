package dev.mako.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TensorViewTest {
    private final Workspace ws = new Workspace(1 << 16);

    @AfterEach
    void close() {
        ws.close();
    }

    private Tensor iota(int... shape) {
        Tensor t = ws.allocate(shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, i);
        return t;
    }

    private static void assertMessageNames(IllegalArgumentException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should name " + p);
    }

    @Test
    void viewsShareStorageAndCopyNothing() {
        Tensor t = iota(2, 3, 4);
        long used = ws.bytesInUse();
        Tensor r = t.reshape(6, -1), tr = t.transpose(0, 2), s = t.slice(1, 1, 3), b = t.slice(0, 0, 1).broadcastTo(5, 3, 4);
        assertEquals(used, ws.bytesInUse(), "views allocate no storage");
        for (Tensor v : new Tensor[] {r, tr, s, b}) assertSame(t.segment(), v.segment());

        assertArrayEquals(new int[] {6, 4}, r.shape());
        assertArrayEquals(new int[] {4, 3, 2}, tr.shape());
        assertEquals(t.get(1, 2, 3), tr.get(3, 2, 1));
        assertEquals(t.get(1, 2, 0), s.get(1, 1, 0));
        assertEquals(t.get(0, 1, 2), b.get(4, 1, 2));
        assertEquals(0, b.stride(0), "a broadcast dimension has stride 0");

        tr.set(-7f, 3, 2, 1);
        assertEquals(-7f, t.get(1, 2, 3), "a write through a view is a write to the base");
        s.set(-8f, 0, 0, 0);
        assertEquals(-8f, t.get(0, 1, 0));
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor t = iota(3, 5);
        long used = ws.bytesInUse();
        assertSame(t, t.contiguous());
        Tensor flat = t.reshape(15);
        assertSame(flat, flat.contiguous());
        Tensor rows = t.slice(0, 1, 3);
        assertTrue(rows.isContiguous());
        assertSame(rows, rows.contiguous(), "a slice of whole rows is already contiguous");
        assertEquals(used, ws.bytesInUse());

        Tensor tt = t.t();
        assertFalse(tt.isContiguous());
        Tensor c = tt.contiguous();
        assertNotSame(tt, c);
        assertTrue(c.isContiguous());
        assertTrue(ws.bytesInUse() > used, "a transposed view needs a copy");
        assertArrayEquals(tt.toArray(), c.toArray());
        assertArrayEquals(new float[] {0, 5, 10, 1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14}, c.toArray());

        Tensor cols = t.slice(1, 1, 4).contiguous();
        assertArrayEquals(new float[] {1, 2, 3, 6, 7, 8, 11, 12, 13}, cols.toArray());
        Tensor wide = t.slice(0, 2, 3).broadcastTo(2, 5).contiguous();
        assertArrayEquals(new float[] {10, 11, 12, 13, 14, 10, 11, 12, 13, 14}, wide.toArray());
    }

    @Test
    void fillAndCopyThroughStridedViews() {
        Tensor t = ws.zeros(4, 6);
        t.slice(1, 2, 4).fill(1f);
        t.t().slice(0, 5, 6).fill(2f); // the last column, through a transposed view
        float[] expected = new float[24];
        for (int r = 0; r < 4; r++) {
            expected[r * 6 + 2] = 1;
            expected[r * 6 + 3] = 1;
            expected[r * 6 + 5] = 2;
        }
        assertArrayEquals(expected, t.toArray());

        Tensor src = iota(6, 4);
        t.copyFrom(src.t());
        assertArrayEquals(src.t().toArray(), t.toArray());
        Tensor dst = ws.zeros(4, 6);
        dst.t().copyFrom(src);
        assertArrayEquals(src.t().toArray(), dst.toArray());
        t.fill(3f);
        for (float v : t.toArray()) assertEquals(3f, v);
    }

    @Test
    void badShapesThrowNamingTheShapes() {
        Tensor t = iota(2, 3);
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2)), "[2, 3]", "[4, 2]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1)), "[2, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.broadcastTo(4, 3, 3)), "[2, 3]", "[4, 3, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.broadcastTo(3)), "[2, 3]", "[3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.copyFrom(iota(3, 2))), "[3, 2]", "[2, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.transpose(0, 2)), "[2, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> t.slice(1, 2, 4)), "[2, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> ws.of(new float[5], 2, 3)), "[2, 3]");
        assertMessageNames(assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(new int[] {2, 3}, new int[] {4})), "[2, 3]", "[4]");
        assertThrows(IllegalStateException.class, () -> t.t().reshape(6), "reshape of a transposed view needs contiguous()");
    }

    @Test
    void useAfterStoreCloseThrows() {
        TensorStore store = new TensorStore("model test");
        Tensor p = store.zeros(3, 3);
        Tensor view = p.t();
        store.close();
        assertFalse(p.isValid());
        var e = assertThrows(IllegalStateException.class, () -> p.get(0, 0));
        assertTrue(e.getMessage().contains("model test"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.fill(1f));
        assertThrows(IllegalStateException.class, view::contiguous);
        assertThrows(IllegalStateException.class, () -> p.reshape(9));
        assertThrows(IllegalStateException.class, () -> store.zeros(2));
    }

    @Test
    void useAfterWorkspaceResetThrows() {
        Tensor a = ws.zeros(2, 2);
        Tensor view = a.transpose(0, 1);
        ws.reset();
        assertFalse(a.isValid());
        var e = assertThrows(IllegalStateException.class, () -> a.set(1f, 0, 0));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalStateException.class, view::toArray);
        assertThrows(IllegalStateException.class, () -> a.fill(0f));
        Tensor fresh = ws.zeros(2, 2);
        assertTrue(fresh.isValid(), "tensors of the new step are valid");
    }
}
