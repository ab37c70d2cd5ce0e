package dev.mako.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /** Counts how often each index was visited and how many run calls there were. */
    private static final class Visits implements Parallel.RangeBody {
        final AtomicIntegerArray seen;
        final AtomicInteger calls = new AtomicInteger();

        Visits(int n) {
            seen = new AtomicIntegerArray(n);
        }

        @Override
        public void run(int start, int end) {
            calls.incrementAndGet();
            for (int i = start; i < end; i++) seen.incrementAndGet(i);
        }

        void assertEachOnce() {
            for (int i = 0; i < seen.length(); i++) assertEquals(1, seen.get(i), "index " + i);
        }
    }

    @Test
    void everyIndexIsVisitedOnceInAtMostOnePartPerThread() {
        for (int n : new int[] {1, 2, 7, 128, 1001}) {
            Visits v = new Visits(n);
            Parallel.forRange(n, 1, v);
            v.assertEachOnce();
            assertTrue(v.calls.get() >= 1 && v.calls.get() <= Math.min(n, Parallel.threads()), "n " + n + ": " + v.calls.get() + " parts");
        }
    }

    @Test
    void partsSmallerThanTheGrainRunInOneCall() {
        Visits v = new Visits(100);
        Parallel.forRange(100, 100, v);
        v.assertEachOnce();
        assertEquals(1, v.calls.get());
    }

    @Test
    void aCallInsideAPoolTaskRunsSeriallyOnItsThread() {
        Visits inner = new Visits(40);
        AtomicInteger innerCallers = new AtomicInteger();
        Parallel.forRange(2, 1, (s, e) -> {
            // With one thread the outer call is itself serial, not a pool task.
            if (Parallel.threads() > 1) assertTrue(Parallel.inParallelTask());
            if (s == 0) {
                innerCallers.incrementAndGet();
                Parallel.forRange(40, 1, inner);
            }
        });
        inner.assertEachOnce();
        assertEquals(1, inner.calls.get());
        assertEquals(1, innerCallers.get());
        assertFalse(Parallel.inParallelTask());
    }

    @Test
    void aFailingPartIsRethrownAndThePoolStaysUsable() {
        IllegalStateException boom = new IllegalStateException("last part failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forRange(80, 1, (s, e) -> {
            if (e == 80) throw boom;
        }));
        assertSame(boom, thrown);
        Visits after = new Visits(80);
        Parallel.forRange(80, 1, after);
        after.assertEachOnce();
    }

    @Test
    void aClaimedPoolMakesOtherCallsSerial() {
        assertTrue(Parallel.tryClaim());
        try {
            Thread other = new Thread(() -> {
                Visits v = new Visits(64);
                Parallel.forRange(64, 1, v);
                v.assertEachOnce();
                assertEquals(1, v.calls.get());
            });
            AtomicInteger failures = new AtomicInteger();
            other.setUncaughtExceptionHandler((t, e) -> failures.incrementAndGet());
            other.start();
            other.join();
            assertEquals(0, failures.get(), "the call from another thread did not run serially");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Parallel.releaseClaim();
        }
    }
}
