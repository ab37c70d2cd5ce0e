package dev.mako.data;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Walks a data set in mini-batches, gathering each batch's rows into the step {@link Workspace}:
 *
 * <pre>{@code
 * Batches batches = Batches.of(train, 32, true, seed);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     while (batches.next(ws)) {
 *         step(batches.x(), batches.y());   // [b, 28, 28] and [b]
 *         ws.reset();
 *     }
 * }
 * }</pre>
 *
 * <p>Each epoch visits every sample exactly once, in an order shuffled from {@code (seed, epoch)}
 * (so it is reproducible and differs between epochs), or in order when shuffling is off. The last
 * batch holds the remainder when the size does not divide evenly, as in Keras. The permutation
 * array is allocated once and batches reuse the workspace's recycled headers, so once warm a
 * batch allocates nothing on the Java heap (for samples and targets of rank up to 4).
 */
public final class Batches {
    private final Tensor x;
    private final Tensor y;
    private final int n;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final long xRow;
    private final long yRow;
    private final int[] xShape;
    private final int[] yShape;
    private int cursor;
    private int epoch = -1;
    private Tensor xb;
    private Tensor yb;

    /**
     * @param x samples [n, ...], rows contiguous (a copy is made in its owner if not)
     * @param y targets [n, ...]
     */
    public Batches(Tensor x, Tensor y, int batchSize, boolean shuffle, long seed) {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x " + x.shapeString() + " and y " + y.shapeString() + " must have the same number of rows");
        }
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.x = x.contiguous();
        this.y = y.contiguous();
        this.n = x.dim(0);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[n];
        this.xShape = x.shape();
        this.yShape = y.shape();
        this.xRow = n == 0 ? 0 : x.size() / n;
        this.yRow = n == 0 ? 0 : y.size() / n;
        for (int i = 0; i < n; i++) order[i] = i;
    }

    public static Batches of(Dataset data, int batchSize, boolean shuffle, long seed) {
        return new Batches(data.x(), data.y(), batchSize, shuffle, seed);
    }

    /** Number of samples per epoch. */
    public int samples() {
        return n;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, the last one possibly smaller: ceil(n / batchSize). */
    public int batchesPerEpoch() {
        return (n + batchSize - 1) / batchSize;
    }

    /** Starts epoch {@code epoch}: a fresh permutation (if shuffling) and the cursor at 0. */
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        cursor = 0;
        if (!shuffle) return;
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Gathers the next batch into {@code ws} (see {@link #x()} and {@link #y()}); false when the
     * epoch is over.
     */
    public boolean next(Workspace ws) {
        if (epoch < 0) throw new IllegalStateException("call startEpoch(epoch) before next()");
        if (cursor >= n) return false;
        int b = Math.min(batchSize, n - cursor);
        xb = allocate(ws, xShape, b);
        yb = allocate(ws, yShape, b);
        gather(x, xRow, xb, b);
        gather(y, yRow, yb, b);
        cursor += b;
        return true;
    }

    /** Samples of the current batch, [b, ...]. Valid until the workspace is reset. */
    public Tensor x() {
        return xb;
    }

    /** Targets of the current batch, [b, ...]. */
    public Tensor y() {
        return yb;
    }

    /** The sample index at {@code position} in this epoch's order (position 0 is the first row of the first batch). */
    public int sampleAt(int position) {
        return order[position];
    }

    private void gather(Tensor src, long row, Tensor dst, int b) {
        MemorySegment s = src.segment(), d = dst.segment();
        long srcBase = src.offset() * Float.BYTES, dstBase = dst.offset() * Float.BYTES, rowBytes = row * Float.BYTES;
        for (int i = 0; i < b; i++) {
            MemorySegment.copy(s, srcBase + order[cursor + i] * rowBytes, d, dstBase + i * rowBytes, rowBytes);
        }
    }

    /** A [b, rest...] tensor; the rank-specific overloads let the workspace recycle shape arrays. */
    private static Tensor allocate(Workspace ws, int[] shape, int b) {
        return switch (shape.length) {
            case 1 -> ws.allocate(b);
            case 2 -> ws.allocate(b, shape[1]);
            case 3 -> ws.allocate(b, shape[1], shape[2]);
            case 4 -> ws.allocate(b, shape[1], shape[2], shape[3]);
            default -> {
                int[] s = shape.clone();
                s[0] = b;
                yield ws.allocate(s);
            }
        };
    }
}
