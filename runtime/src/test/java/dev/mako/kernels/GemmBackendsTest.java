package dev.mako.kernels;

import dev.mako.blas.OpenBlas;
import dev.mako.parallel.Parallel;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both GEMM backends and the dispatch in front of them, against the triple loop in double precision. */
class GemmBackendsTest {
    private static void checkAll(GemmCases.Backend backend) {
        List<String> failures = new ArrayList<>();
        List<GemmCases.Case> cases = GemmCases.all(2024);
        for (int i = 0; i < cases.size(); i++) {
            try (Arena arena = Arena.ofConfined()) {
                String failure = GemmCases.check(backend, cases.get(i), GemmCases.Operands.of(cases.get(i), arena, i));
                if (failure != null) failures.add(failure);
            }
        }
        assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of " + cases.size() + " cases wrong");
        assertEquals(4 * 125, cases.size());
    }

    @Test
    void javaKernel() {
        checkAll(JavaGemm::sgemm);
    }

    @Test
    void openBlas() {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS found: " + OpenBlas.library().why());
        checkAll(OpenBlas::sgemm);
    }

    @Test
    void dispatchOutsideThePool() {
        try (var pin = PinnedDispatch.javaEverywhere()) {
            checkAll(Gemm::sgemm);
        }
        try (var pin = PinnedDispatch.openBlasEverywhere()) {
            checkAll(Gemm::sgemm);
        }
    }

    @Test
    void dispatchInsideAPoolTask() {
        GemmCases.Backend inTask = (ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc) -> {
            AtomicReference<Boolean> wasInTask = new AtomicReference<>();
            Parallel.forRange(Parallel.threads(), 1, (start, end) -> {
                if (start == 0) {
                    wasInTask.set(Parallel.inParallelTask());
                    Gemm.sgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                }
            });
            assertEquals(Parallel.threads() > 1, wasInTask.get());
        };
        try (var pin = PinnedDispatch.javaEverywhere()) {
            checkAll(inTask);
        }
        try (var pin = PinnedDispatch.openBlasEverywhere()) {
            checkAll(inTask);
        }
    }

    @Test
    void dispatchTakesHeapSegments() {
        List<GemmCases.Case> cases = GemmCases.all(7);
        for (int i = 0; i < cases.size(); i += 7) {
            String failure = GemmCases.check(Gemm::sgemm, cases.get(i), GemmCases.Operands.onHeap(cases.get(i), i));
            assertEquals(null, failure);
        }
    }

    @Test
    void badArgumentsFailBeforeAnyMemoryIsTouched() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * 12), b = arena.allocate(4L * 11), c = arena.allocate(4L * 9);
            var e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3));
            assertTrue(e.getMessage().contains("B (4 x 3"), e.getMessage());
            var ld = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(true, false, 3, 3, 4, 1f, a, 0, 2, b, 0, 3, 0f, c, 0, 3));
            assertTrue(ld.getMessage().contains("leading dimension of A is 2"), ld.getMessage());
        }
    }

    @Test
    void emptyProductsScaleCOrLeaveItAlone() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * 4), b = arena.allocate(4L * 6), c = arena.allocate(4L * 4);
            for (int i = 0; i < 4; i++) c.setAtIndex(GemmCases.F, i, 2f);
            Gemm.sgemm(false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 0.5f, c, 0, 2); // k = 0: C = beta·C
            for (int i = 0; i < 4; i++) assertEquals(1f, c.getAtIndex(GemmCases.F, i));
            Gemm.sgemm(false, false, 0, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);   // m = 0: nothing
            for (int i = 0; i < 4; i++) assertEquals(1f, c.getAtIndex(GemmCases.F, i));
        }
    }
}
