package dev.mako.model;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Cuts (x, y) into batches, in a seeded shuffled order per epoch, gathering each batch's rows
 * into the step workspace. Keras behaviour: the last, smaller batch is kept. Once warm it
 * allocates nothing per batch.
 */
final class Batcher {
    private final Tensor x, y;
    private final int n, batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final int[] xShape, yShape;
    private final long xRow, yRow;
    private int cursor;
    private Tensor xb, yb;

    Batcher(Tensor x, Tensor y, int batchSize, boolean shuffle, long seed) {
        if (x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x has " + x.dim(0) + " samples " + x.shapeString() + " but y has " + y.dim(0) + " " + y.shapeString());
        }
        this.x = x.contiguous();
        this.y = y.contiguous();
        this.n = x.dim(0);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[n];
        this.xShape = x.shape();
        this.yShape = y.shape();
        this.xRow = x.size() / Math.max(1, n);
        this.yRow = y.size() / Math.max(1, n);
    }

    int steps() {
        return (n + batchSize - 1) / batchSize;
    }

    int samples() {
        return n;
    }

    void startEpoch(int epoch) {
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 31 + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    /** Gathers the next batch into {@code ws}; false when the epoch is done. */
    boolean next(Workspace ws) {
        if (cursor >= n) return false;
        int b = Math.min(batchSize, n - cursor);
        xShape[0] = b;
        yShape[0] = b;
        xb = ws.allocate(xShape);
        yb = ws.allocate(yShape);
        MemorySegment xs = x.segment(), ys = y.segment(), xd = xb.segment(), yd = yb.segment();
        for (int i = 0; i < b; i++) {
            int row = order[cursor + i];
            MemorySegment.copy(xs, (x.offset() + row * xRow) * 4, xd, (xb.offset() + i * xRow) * 4, xRow * 4);
            MemorySegment.copy(ys, (y.offset() + row * yRow) * 4, yd, (yb.offset() + i * yRow) * 4, yRow * 4);
        }
        cursor += b;
        return true;
    }

    Tensor x() {
        return xb;
    }

    Tensor y() {
        return yb;
    }
}
