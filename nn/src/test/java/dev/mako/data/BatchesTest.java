package dev.mako.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import dev.mako.tensor.Workspace;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private final TensorStore store = new TensorStore("batches test");
    private final Workspace ws = new Workspace();

    @AfterEach
    void close() {
        ws.close();
        store.close();
    }

    /** n samples of shape [2, 3] whose every element is the sample index, and y = index. */
    private Dataset indexed(int n) {
        Tensor x = store.allocate(n, 2, 3);
        Tensor y = store.allocate(n);
        for (int i = 0; i < n; i++) {
            y.set(i, i);
            for (int j = 0; j < 6; j++) x.setFlat(i * 6L + j, i);
        }
        return Dataset.owning("indexed", store, x, y);
    }

    /** The sample indices of one epoch, batch by batch, checking x and y agree row by row. */
    private List<int[]> epoch(Batches b, int e) {
        List<int[]> batches = new ArrayList<>();
        b.startEpoch(e);
        while (b.next(ws)) {
            Tensor x = b.x(), y = b.y();
            assertEquals(3, x.rank());
            assertEquals(x.dim(0), y.dim(0));
            int[] ids = new int[y.dim(0)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) y.get(i);
                for (int j = 0; j < 6; j++) assertEquals(ids[i], x.getFlat(i * 6L + j), "x row matches its label");
            }
            batches.add(ids);
            ws.reset();
        }
        return batches;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void everySampleOncePerEpochWithAPartialLastBatch() {
        Batches b = Batches.of(indexed(103), 10, true, 7);
        assertEquals(11, b.batchesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = epoch(b, e);
            assertEquals(11, batches.size());
            assertEquals(3, batches.getLast().length, "Keras keeps the last, smaller batch");
            int[] seen = flat(batches).clone();
            java.util.Arrays.sort(seen);
            for (int i = 0; i < 103; i++) assertEquals(i, seen[i]);
        }
    }

    @Test
    void shuffleDiffersBetweenEpochsAndIsDeterministicBySeed() {
        int[] e0 = flat(epoch(Batches.of(indexed(200), 16, true, 42), 0));
        int[] e1 = flat(epoch(Batches.of(indexed(200), 16, true, 42), 1));
        int[] again = flat(epoch(Batches.of(indexed(200), 16, true, 42), 0));
        int[] otherSeed = flat(epoch(Batches.of(indexed(200), 16, true, 43), 0));
        assertArrayEquals(e0, again);
        assertFalse(java.util.Arrays.equals(e0, e1));
        assertFalse(java.util.Arrays.equals(e0, otherSeed));
        int[] identity = new int[200];
        for (int i = 0; i < 200; i++) identity[i] = i;
        assertNotEquals(java.util.Arrays.toString(identity), java.util.Arrays.toString(e0));
        assertArrayEquals(identity, flat(epoch(Batches.of(indexed(200), 16, false, 42), 3)), "no shuffle: in order");
    }

    /**
     * Batching itself allocates nothing once warm. The workspace's own cost per tensor (measured
     * with the same allocations and no batching) is subtracted, so this pins down this class.
     */
    @Test
    void warmBatchesAllocateNothingOnTheHeap() {
        Dataset d = indexed(1000);
        Batches b = Batches.of(d, 32, true, 1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int epochs = 200, batches = epochs * b.batchesPerEpoch();
        for (int round = 0; round < 3; round++) {  // warm up: JIT, workspace headers and slab
            batchLoop(b, epochs);
            allocationsOnly(epochs);
        }
        long t0 = mx.getCurrentThreadAllocatedBytes();
        batchLoop(b, epochs);
        long t1 = mx.getCurrentThreadAllocatedBytes();
        allocationsOnly(epochs);
        long t2 = mx.getCurrentThreadAllocatedBytes();
        double withBatching = (t1 - t0) / (double) batches, workspaceOnly = (t2 - t1) / (double) batches;
        System.out.printf("heap bytes per batch once warm: %.1f (workspace allocations alone: %.1f)%n", withBatching, workspaceOnly);
        assertTrue(withBatching - workspaceOnly <= 8, "batching adds " + (withBatching - workspaceOnly) + " heap bytes per batch");
    }

    private void batchLoop(Batches b, int epochs) {
        for (int e = 0; e < epochs; e++) {
            b.startEpoch(e);
            while (b.next(ws)) ws.reset();
        }
    }

    /** The same workspace allocations as {@link #batchLoop}, without gathering. */
    private void allocationsOnly(int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (int start = 0; start < 1000; start += 32) {
                int n = Math.min(32, 1000 - start);
                ws.allocate(n, 2, 3);
                ws.allocate(n);
                ws.reset();
            }
        }
    }

    @Test
    void validationSplitTakesTheLastFractionAndSubsetsTakeTheFirstRows() {
        Dataset d = indexed(100);
        Dataset.Split s = d.splitValidation(0.2);
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals(80f, s.validation().y().get(0));
        assertEquals(99f, s.validation().x().get(19, 1, 2));
        Dataset.Split odd = indexed(7).splitValidation(0.3);  // floor(7 * 0.7) = 4
        assertEquals(4, odd.train().size());
        assertEquals(3, odd.validation().size());
        assertThrows(IllegalArgumentException.class, () -> indexed(1).splitValidation(0.5));
        assertThrows(IllegalArgumentException.class, () -> d.splitValidation(1.0));
        Dataset first = d.first(10);
        assertEquals(10, first.size());
        assertEquals(9f, first.y().get(9));
        int[] ids = flat(epoch(Batches.of(s.train(), 32, true, 5), 0));
        assertEquals(80, ids.length);
        for (int id : ids) assertTrue(id < 80, "training batches never see validation rows");
        first.close();
        assertEquals(0f, d.y().get(0), "closing a view leaves the owner open");
    }

    @Test
    void refusesMismatchedRowsAndUseBeforeStart() {
        assertThrows(IllegalArgumentException.class, () -> new Batches(store.zeros(3, 2), store.zeros(4), 2, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Batches(store.zeros(3, 2), store.zeros(3), 0, true, 0));
        Batches b = new Batches(store.zeros(3, 2), store.zeros(3), 2, true, 0);
        assertThrows(IllegalStateException.class, () -> b.next(ws));
    }
}
