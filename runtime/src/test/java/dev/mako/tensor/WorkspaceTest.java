package dev.mako.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkspaceTest {
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
