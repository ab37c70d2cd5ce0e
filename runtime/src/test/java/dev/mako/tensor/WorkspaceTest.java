package dev.mako.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WorkspaceTest {

    @Test
    void steadyStateStepAllocatesNothingOnTheHeap() {
        try (Workspace ws = new Workspace(1 << 12)) {
            Runnable step = () -> {
                Tensor x = ws.allocate(32, 784);
                Tensor h = ws.allocate(32, 128);
                Tensor flat = ws.reshape(h, 32 * 128, 1);
                Tensor s = ws.scalar();
                s.setFlat(0, x.size() + flat.size());
                ws.reset();
            };
            double perStep = AllocationMeter.bytesPerIteration(20_000, 50_000, step);
            assertTrue(perStep < 1.0, "workspace step allocated " + perStep + " bytes per iteration");
        }
    }

    @Test
    void growsPastItsFirstChunkAndMergesAtReset() {
        try (Workspace ws = new Workspace(256)) {
            ws.allocate(100);
            ws.allocate(1000);
            assertTrue(ws.capacity() > 256);
            ws.reset();
            long merged = ws.capacity();
            ws.allocate(100);
            ws.allocate(1000);
            ws.reset();
            assertEquals(merged, ws.capacity(), "a repeated step must fit the merged chunk");
        }
    }

    @Test
    void tensorsAreSixtyFourByteAligned() {
        try (Workspace ws = new Workspace()) {
            for (int n : new int[] {1, 3, 17, 1023}) {
                Tensor t = ws.allocate(n);
                assertEquals(0, t.segment().address() % 64, "allocation of " + n + " floats");
            }
        }
    }

    @Test
    void tensorFromEndedStepFailsLoudly() {
        try (Workspace ws = new Workspace()) {
            Tensor t = ws.allocate(4, 4);
            ws.reset();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.get(0, 0));
            assertTrue(e.getMessage().contains("[4, 4]"), e.getMessage());
        }
    }

    @Test
    void storeTensorUsedAfterCloseFailsLoudly() {
        TensorStore store = new TensorStore("model test");
        Tensor t = store.zeros(3);
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.getFlat(0));
        assertTrue(e.getMessage().contains("model test"), e.getMessage());
    }

    @Test
    void aRepeatedStepReusesMemoryAfterGrowing() {
        try (Workspace ws = new Workspace(256)) {
            for (int step = 0; step < 3; step++) {
                Tensor a = ws.allocate(32, 10), b = ws.allocate(128);
                a.fill(1f);
                b.fill(2f);
                assertEquals(1f, a.get(31, 9));
                assertTrue(ws.bytesInUse() >= (320 + 128) * 4L);
                ws.reset();
            }
            long capacity = ws.capacity();
            for (int step = 0; step < 3; step++) {
                ws.allocate(32, 10);
                ws.allocate(128);
                ws.reset();
            }
            assertEquals(capacity, ws.capacity(), "a warm workspace does not grow");
        }
    }

    @Test
    void closedWorkspaceThrows() {
        Workspace ws = new Workspace();
        Tensor t = ws.zeros(4);
        ws.close();
        assertThrows(IllegalStateException.class, () -> ws.allocate(4));
        assertThrows(IllegalStateException.class, () -> t.get(0));
        assertThrows(IllegalStateException.class, ws::reset);
    }
}
