package dev.mako.bench.jmh;

import dev.mako.kernels.ConvGeometry;
import dev.mako.kernels.DirectConv;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The buffers of one convnet or LeNet convolution at batch 128 for {@link ConvJmh}'s kernel benchmarks. */
@State(Scope.Thread)
public class ConvKernels {
    @Param({"conv1", "conv2", "lenet1", "lenet2"})
    public String conv;

    ConvGeometry g;
    int filters;
    Arena arena;
    /** x [N, H, W, C]; col and dcol [N·outH·outW, K]; w packed [K, fp], bias packed [fp]; y and dz [N·outH·outW, F]; dw [K, fp]. */
    MemorySegment x, col, dx, w, bias, y, dz, dw;

    @Setup(Level.Trial)
    public void allocate() {
        ConvnetLayer layer = ConvnetLayer.named(conv);
        g = layer.geometry();
        filters = layer.filters();
        int n = ConvnetLayer.BATCH, k = g.patchSize(), fp = DirectConv.paddedFilters(filters);
        long pixels = (long) n * g.outPixels();
        arena = Arena.ofShared();
        x = BenchData.random(arena, (long) n * g.inputSize(), 1, 0, 1);
        dx = BenchData.zeros(arena, (long) n * g.inputSize());
        col = BenchData.random(arena, pixels * k, 2, -1, 1);
        w = BenchData.zeros(arena, (long) k * fp);
        DirectConv.pack(BenchData.random(arena, (long) k * filters, 3, -0.1f, 0.1f), 0, k, filters, w, 0);
        bias = BenchData.zeros(arena, fp);
        y = BenchData.zeros(arena, pixels * filters);
        dz = BenchData.random(arena, pixels * filters + DirectConv.gradientSlack(filters), 4, -1, 1);
        dw = BenchData.zeros(arena, (long) k * fp);
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
