package dev.mako.parallel;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one fixed thread pool of Mako's Java kernels.
 *
 * <p>{@link #forRange} splits {@code [0, n)} into one contiguous part per thread; the caller runs
 * the first part itself. Nothing is allocated per call. A call made from inside a pool task, or
 * while another thread holds the pool, runs serially on the calling thread, so the pool is never
 * oversubscribed. Size: {@code MAKO_THREADS} (environment) or {@code -Dmako.threads}, default the
 * number of cores.
 */
public final class Parallel {
    /** Work over a half-open range; implementations should be reusable objects, not fresh lambdas, on hot paths. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final int THREADS = configuredThreads();
    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final ThreadLocal<Boolean> IN_POOL_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker(i + 1);
            WORKERS[i].start();
        }
    }

    private Parallel() {}

    /** Threads the kernels use, the caller included. */
    public static int threads() {
        return THREADS;
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel when each part gets at least {@code grain} items. */
    public static void forRange(int n, int grain, RangeBody body) {
        int parts = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || IN_POOL_TASK.get() || !LOCK.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            Throwable failure = null;
            for (int p = 1; p < parts; p++) {
                WORKERS[p - 1].post(body, split(n, parts, p), split(n, parts, p + 1));
            }
            IN_POOL_TASK.set(Boolean.TRUE);
            try {
                body.run(0, split(n, parts, 1));
            } catch (Throwable t) {
                failure = t;
            } finally {
                IN_POOL_TASK.set(Boolean.FALSE);
            }
            for (int p = 1; p < parts; p++) {
                Throwable t = WORKERS[p - 1].await();
                if (failure == null) failure = t;
            }
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new RuntimeException(failure);
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Claims the whole pool for work that brings its own threads (multi-threaded OpenBLAS), so the
     * cores are never shared by two thread pools: while the claim is held, {@link #forRange} calls
     * from other threads run serially. Returns false, claiming nothing, inside a pool task or while
     * another thread holds the pool. Pair every true result with {@link #releaseClaim()}.
     */
    public static boolean tryClaim() {
        return !IN_POOL_TASK.get() && LOCK.tryLock();
    }

    /** Ends a claim taken by {@link #tryClaim()}. */
    public static void releaseClaim() {
        LOCK.unlock();
    }

    /** True on a pool worker or inside the caller's share of a parallel call. */
    public static boolean inParallelTask() {
        return IN_POOL_TASK.get();
    }

    private static int split(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    private static int configuredThreads() {
        String v = System.getProperty("mako.threads");
        if (v == null) v = System.getenv("MAKO_THREADS");
        int cores = Runtime.getRuntime().availableProcessors();
        if (v == null || v.isBlank()) return cores;
        try {
            int t = Integer.parseInt(v.trim());
            if (t < 1) throw new NumberFormatException();
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MAKO_THREADS / mako.threads must be a positive integer, got '" + v + "'");
        }
    }

    /** A worker spins briefly for new work (steps come in quick succession), then parks. */
    private static final class Worker extends Thread {
        private volatile RangeBody body;
        private volatile int start, end;
        private volatile boolean done = true;
        private volatile Throwable failure;
        private volatile Thread waiter;

        Worker(int index) {
            super("mako-worker-" + index);
            setDaemon(true);
        }

        void post(RangeBody b, int s, int e) {
            start = s;
            end = e;
            failure = null;
            done = false;
            body = b; // publish last: the worker waits on this field
            LockSupport.unpark(this);
        }

        Throwable await() {
            int spins = 0;
            while (!done) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    if (!done) LockSupport.parkNanos(50_000);
                    waiter = null;
                }
            }
            return failure;
        }

        @Override
        public void run() {
            IN_POOL_TASK.set(Boolean.TRUE);
            int idle = 0;
            while (true) {
                RangeBody b = body;
                if (b == null) {
                    if (++idle < 10_000) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                    continue;
                }
                idle = 0;
                body = null;
                try {
                    b.run(start, end);
                } catch (Throwable t) {
                    failure = t;
                }
                done = true;
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }
    }
}
