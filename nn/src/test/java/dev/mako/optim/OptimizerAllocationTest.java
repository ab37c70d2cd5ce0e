package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.layers.Parameter;
import dev.mako.tensor.TensorStore;
import dev.mako.tensor.AllocationMeter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Once warm, {@code step()} allocates nothing on the Java heap, whatever the options. */
class OptimizerAllocationTest {

    @Test
    void stepAllocatesNothing() {
        List<Supplier<BaseOptimizer<?>>> configs = List.of(
                () -> Optimizers.sgd(0.01),
                () -> Optimizers.sgd(0.01, 0.9, true).weightDecay(1e-4),
                () -> Optimizers.adagrad(0.01).clipvalue(1),
                () -> Optimizers.rmsprop(0.001).clipnorm(1),
                () -> Optimizers.adam(0.001).globalClipnorm(1).schedule(Schedules.cosineDecay(0.001, 1000, 0)),
                () -> Optimizers.adamw(0.001, 0.01).l2(1e-4).schedule(Schedules.piecewiseConstant(new long[] {100}, new double[] {1e-3, 1e-4})));
        for (Supplier<BaseOptimizer<?>> config : configs) {
            try (TensorStore store = new TensorStore()) {
                List<Parameter> ps = TestParameters.of(store, new float[1000], new float[37], new float[1]);
                for (Parameter p : ps) p.grad().fill(0.001f);
                BaseOptimizer<?> opt = config.get();
                opt.build(ps, store);
                double perStep = bytesPerStep(opt);
                assertTrue(perStep <= 16, opt.name() + " " + opt.config() + " allocates " + perStep + " bytes per step");
            }
        }
    }

    private static double bytesPerStep(Optimizer opt) {
        return AllocationMeter.steadyStateBytesPerIteration(5_000, 20, opt::step);
    }
}
