package dev.mako.ops;

import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.Pooling;
import dev.mako.parallel.Parallel;
import java.lang.foreign.MemorySegment;

/** The pooling kernels with the batch split over the pool; one reusable work item per calling thread. */
final class PoolTask implements Parallel.RangeBody {
    private static final ThreadLocal<PoolTask> TASK = ThreadLocal.withInitial(PoolTask::new);

    private enum Job { MAX_FORWARD, MAX_BACKWARD, AVG_FORWARD, AVG_BACKWARD }

    private Job job;
    private ConvGeometry g;
    private MemorySegment x, y, dy, dx;
    private long xo, yo, dyo, dxo;
    private boolean overwrite, positiveOnly;

    private PoolTask() {}

    static void maxForward(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment y, long yo) {
        PoolTask t = TASK.get();
        t.x = x;
        t.xo = xo;
        t.y = y;
        t.yo = yo;
        t.run(Job.MAX_FORWARD, g, batch);
    }

    static void maxBackward(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment y, long yo, MemorySegment dy, long dyo,
                            MemorySegment dx, long dxo, boolean overwrite, boolean positiveOnly) {
        PoolTask t = TASK.get();
        t.overwrite = overwrite;
        t.positiveOnly = positiveOnly;
        t.x = x;
        t.xo = xo;
        t.y = y;
        t.yo = yo;
        t.dy = dy;
        t.dyo = dyo;
        t.dx = dx;
        t.dxo = dxo;
        t.run(Job.MAX_BACKWARD, g, batch);
    }

    static void avgForward(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment y, long yo) {
        PoolTask t = TASK.get();
        t.x = x;
        t.xo = xo;
        t.y = y;
        t.yo = yo;
        t.run(Job.AVG_FORWARD, g, batch);
    }

    static void avgBackward(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment dy, long dyo, MemorySegment dx, long dxo,
                            boolean overwrite, boolean positiveOnly) {
        PoolTask t = TASK.get();
        t.overwrite = overwrite;
        t.positiveOnly = positiveOnly;
        t.x = x;
        t.xo = xo;
        t.dy = dy;
        t.dyo = dyo;
        t.dx = dx;
        t.dxo = dxo;
        t.run(Job.AVG_BACKWARD, g, batch);
    }

    private void run(Job job, ConvGeometry g, int batch) {
        this.job = job;
        this.g = g;
        try {
            Parallel.forRange(batch, 1, this);
        } finally {
            x = y = dy = dx = null;
            this.g = null;
        }
    }

    @Override
    public void run(int start, int end) {
        if (start >= end) return;
        switch (job) {
            case MAX_FORWARD -> Pooling.maxForward(g, x, xo, y, yo, start, end);
            case MAX_BACKWARD -> Pooling.maxBackward(g, x, xo, y, yo, dy, dyo, dx, dxo, start, end, overwrite, positiveOnly);
            case AVG_FORWARD -> Pooling.avgForward(g, x, xo, y, yo, start, end);
            case AVG_BACKWARD -> Pooling.avgBackward(g, x, xo, dy, dyo, dx, dxo, start, end, overwrite, positiveOnly);
        }
    }
}
