package dev.mako.ops;

import dev.mako.kernels.Activation;
import dev.mako.kernels.Activations;
import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.ConvInputGradient;
import dev.mako.kernels.DirectConv;
import dev.mako.kernels.Elementwise;
import dev.mako.kernels.Im2col;
import dev.mako.kernels.ImplicitGemmConv;
import dev.mako.kernels.Reductions;
import dev.mako.parallel.Parallel;
import java.lang.foreign.MemorySegment;

/**
 * The parallel parts of a convolution, as one reusable work item per calling thread (nothing is
 * allocated per call): per-image kernels split the batch over the pool; row jobs split the
 * [pixels, filters] output; reductions run one part per pool thread, each into its own partial
 * buffer, so that the sums are the same for the same thread count.
 */
final class ConvTask implements Parallel.RangeBody {
    private static final ThreadLocal<ConvTask> TASK = ThreadLocal.withInitial(ConvTask::new);
    /** Output rows (pixels) per thread below which a row job stays serial. */
    private static final int MIN_ROWS = 512;

    private enum Job { IM2COL, COL2IM, PAD, DIRECT_FORWARD, IMPLICIT_GEMM, IMPLICIT_INPUT_GRADIENT, INPUT_GRADIENT_BY_IMAGE, DIRECT_WEIGHT_GRADIENT, BIAS_ACTIVATION, ACTIVATION_BACKWARD }

    private Job job;
    private ConvGeometry g;
    private int filters, rows, parts, batch;
    private Activation f;
    private float alpha;
    private MemorySegment a, b, c, d;
    private long ao, bo, co, dO;
    private boolean sumBias;

    private ConvTask() {}

    private static ConvTask of(Job job, ConvGeometry g) {
        ConvTask t = TASK.get();
        t.job = job;
        t.g = g;
        return t;
    }

    /** col rows of every image of x. */
    static void im2col(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment col, long co) {
        ConvTask t = of(Job.IM2COL, g);
        t.a = x;
        t.ao = xo;
        t.b = col;
        t.bo = co;
        t.overImages(batch);
    }

    /** dx += col2im(dcol), dcol's rows ldcol floats apart. */
    static void col2im(ConvGeometry g, int batch, MemorySegment dcol, long co, int ldcol, MemorySegment dx, long dxo) {
        ConvTask t = of(Job.COL2IM, g);
        t.rows = ldcol;
        t.a = dcol;
        t.ao = co;
        t.b = dx;
        t.bo = dxo;
        t.overImages(batch);
    }

    /** A copy of x with g's padding made explicit, laid out for {@code g.unpadded()}. */
    static void pad(ConvGeometry g, int batch, MemorySegment x, long xo, MemorySegment xp, long xpo) {
        ConvTask t = of(Job.PAD, g);
        t.a = x;
        t.ao = xo;
        t.b = xp;
        t.bo = xpo;
        t.overImages(batch);
    }

    /** {@link DirectConv#forward} over the batch; g unpadded. */
    static void directForward(ConvGeometry g, int batch, int filters, MemorySegment x, long xo, MemorySegment wp, long wpo,
                              MemorySegment bp, long bpo, Activation f, float alpha, MemorySegment y, long yo) {
        ConvTask t = of(Job.DIRECT_FORWARD, g);
        t.filters = filters;
        t.a = x;
        t.ao = xo;
        t.b = wp;
        t.bo = wpo;
        t.c = bp;
        t.co = bpo;
        t.d = y;
        t.dO = yo;
        t.f = f;
        t.alpha = alpha;
        t.overImages(batch);
    }

    /** y [pixels, filters] = col · w with col never formed ({@link ImplicitGemmConv}), over the batch; g unpadded. */
    static void implicitGemm(ConvGeometry g, int batch, int filters, MemorySegment x, long xo, MemorySegment w, long wo, MemorySegment y, long yo) {
        ConvTask t = of(Job.IMPLICIT_GEMM, g);
        t.filters = filters;
        t.a = x;
        t.ao = xo;
        t.b = w;
        t.bo = wo;
        t.d = y;
        t.dO = yo;
        t.overImages(batch);
    }

    /** dx += col2im(dz · wᵀ) with neither formed ({@link ImplicitGemmConv#inputGradient}), over the batch; wt packed transposed. */
    static void implicitInputGradient(ConvGeometry g, int batch, int filters, MemorySegment dz, long dzo, MemorySegment wt, long wto,
                                      MemorySegment dx, long dxo) {
        ConvTask t = of(Job.IMPLICIT_INPUT_GRADIENT, g);
        t.filters = filters;
        t.a = dz;
        t.ao = dzo;
        t.b = wt;
        t.bo = wto;
        t.d = dx;
        t.dO = dxo;
        t.overImages(batch);
    }

    /**
     * dx += col2im(dz · wt) image by image ({@link ConvInputGradient}), wt [filters, ldwt]; part p
     * of the batch works in block p of {@code scratch} ({@link #parts} blocks of
     * {@link ConvInputGradient#scratchFloats} floats).
     */
    static void inputGradientByImage(ConvGeometry g, int batch, int filters, MemorySegment dz, long dzo, MemorySegment wt, long wto, int ldwt,
                                     MemorySegment scratch, long so, MemorySegment dx, long dxo) {
        ConvTask t = of(Job.INPUT_GRADIENT_BY_IMAGE, g);
        t.filters = filters;
        t.rows = ldwt;
        t.a = dz;
        t.ao = dzo;
        t.b = wt;
        t.bo = wto;
        t.c = scratch;
        t.co = so;
        t.d = dx;
        t.dO = dxo;
        t.overParts(batch);
    }

    /**
     * Packed kernel gradient of the batch, one part per pool thread: part p of {@code partials}
     * ([parts, K·fp], zeroed here) holds its images' sum. Returns the number of parts.
     */
    static int directWeightGradient(ConvGeometry g, int batch, int filters, MemorySegment x, long xo, MemorySegment dz, long dzo,
                                    MemorySegment partials, long po) {
        ConvTask t = of(Job.DIRECT_WEIGHT_GRADIENT, g);
        t.filters = filters;
        t.a = x;
        t.ao = xo;
        t.b = dz;
        t.bo = dzo;
        t.c = partials;
        t.co = po;
        t.overParts(batch);
        return t.parts;
    }

    /** y [rows, filters] = f(y + bias) in place; bias may be null. */
    static void biasActivation(int rows, int filters, MemorySegment y, long yo, MemorySegment bias, long bo, Activation f, float alpha) {
        ConvTask t = of(Job.BIAS_ACTIVATION, null);
        t.rows = rows;
        t.filters = filters;
        t.a = y;
        t.ao = yo;
        t.b = bias;
        t.bo = bo;
        t.f = f;
        t.alpha = alpha;
        try {
            Parallel.forRange(rows, MIN_ROWS, t);
        } finally {
            t.release();
        }
    }

    /**
     * dz = dy ⊙ f'(y) over [rows, filters] (skipped for the identity, where dz is dy), and when
     * {@code partials} is given, each part's column sums of dz into its row of partials
     * [parts, filters]. Returns the number of parts.
     */
    static int activationBackward(int rows, int filters, Activation f, float alpha, MemorySegment y, long yo, MemorySegment dy, long dyo,
                                  MemorySegment dz, long dzo, MemorySegment partials, long po) {
        ConvTask t = of(Job.ACTIVATION_BACKWARD, null);
        t.rows = rows;
        t.filters = filters;
        t.f = f;
        t.alpha = alpha;
        t.a = y;
        t.ao = yo;
        t.b = dy;
        t.bo = dyo;
        t.c = dz;
        t.co = dzo;
        t.d = partials;
        t.dO = po;
        t.sumBias = partials != null;
        t.overParts(rows);
        return t.parts;
    }

    /** Number of parts a reduction over {@code items} is split into. */
    static int parts(int items) {
        return Math.max(1, Math.min(Parallel.threads(), items));
    }

    private void overImages(int batch) {
        this.batch = batch;
        try {
            Parallel.forRange(batch, 1, this);
        } finally {
            release();
        }
    }

    private void overParts(int items) {
        this.batch = items;
        this.parts = parts(items);
        try {
            Parallel.forRange(parts, 1, this);
        } finally {
            release();
        }
    }

    private void release() {
        a = b = c = d = null;
        g = null;
    }

    @Override
    public void run(int start, int end) {
        if (start >= end) return;
        switch (job) {
            case IM2COL -> Im2col.im2col(g, a, ao, b, bo, start, end);
            case COL2IM -> Im2col.col2im(g, a, ao, rows, b, bo, start, end);
            case PAD -> DirectConv.pad(g, a, ao, b, bo, start, end);
            case IMPLICIT_GEMM -> ImplicitGemmConv.forward(g, filters, a, ao, b, bo, d, dO, start, end);
            case IMPLICIT_INPUT_GRADIENT -> ImplicitGemmConv.inputGradient(g, filters, a, ao, b, bo, d, dO, start, end);
            case INPUT_GRADIENT_BY_IMAGE -> {
                long size = ConvInputGradient.scratchFloats(g, rows);
                for (int p = start; p < end; p++) {
                    ConvInputGradient.inputGradient(g, filters, a, ao, b, bo, rows, c, co + p * size, d, dO, split(batch, p), split(batch, p + 1));
                }
            }
            case DIRECT_FORWARD -> DirectConv.forward(g, filters, a, ao, b, bo, c, co, f, alpha, d, dO, start, end);
            case DIRECT_WEIGHT_GRADIENT -> {
                long size = (long) g.patchSize() * DirectConv.paddedFilters(filters);
                for (int p = start; p < end; p++) {
                    long at = co + p * size;
                    Elementwise.fill(c, at, (int) size, 0f);
                    DirectConv.weightGradient(g, filters, a, ao, b, bo, c, at, split(batch, p), split(batch, p + 1));
                }
            }
            case BIAS_ACTIVATION -> {
                long at = ao + (long) start * filters;
                int n = (end - start) * filters;
                if (b != null) Elementwise.addRow(a, at, b, bo, a, at, end - start, filters);
                if (f != Activation.IDENTITY) Activations.forward(f, alpha, a, at, a, at, n);
            }
            case ACTIVATION_BACKWARD -> {
                for (int p = start; p < end; p++) {
                    int r0 = split(rows, p), r1 = split(rows, p + 1);
                    long off = (long) r0 * filters;
                    if (f != Activation.IDENTITY) Activations.backward(f, alpha, a, ao + off, b, bo + off, c, co + off, (r1 - r0) * filters, false);
                    if (sumBias) {
                        MemorySegment src = f == Activation.IDENTITY ? b : c;
                        long so = (f == Activation.IDENTITY ? bo : co) + off;
                        Reductions.sumAxis(src, so, 1, r1 - r0, filters, d, dO + (long) p * filters, false);
                    }
                }
            }
        }
    }

    /** Start of part p of n items. */
    private int split(int n, int p) {
        return (int) ((long) n * p / parts);
    }
}
