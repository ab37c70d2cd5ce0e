package dev.mako.bench.jmh;

import dev.mako.layers.Parameter;
import dev.mako.model.Sequential;
import dev.mako.optim.Optimizer;
import dev.mako.optim.Optimizers;
import dev.mako.tensor.TensorStore;
import dev.mako.zoo.MnistMlp;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one optimizer step over the parameters of the MNIST MLP (784-128-64-10: 109,386 floats in
 * six tensors), through the optimizer classes as a model's training step calls them, with
 * Keras' default hyper-parameters (sgd-momentum: learning rate 0.01, momentum 0.9); the gradients
 * are fixed random values. The step is one range over all parameters split over Mako's pool.
 *
 * <p>Bytes moved per step, for GB/s: sgd 12 per float (p and g read, p written), sgd-momentum
 * and rmsprop 20 (one state tensor more, read and written), adam 28 (two).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerJmh extends KernelBenchmark {
    @Param({"adam", "sgd-momentum", "rmsprop", "sgd"})
    public String optimizer;

    private Sequential model;
    private TensorStore state;
    private Optimizer opt;

    @Setup(Level.Trial)
    public void build() {
        model = new MnistMlp().model(1);
        List<Parameter> params = model.parameters();
        long seed = 1;
        for (Parameter p : params) BenchData.random(p.grad(), seed++, -0.1f, 0.1f);
        opt = switch (optimizer) {
            case "adam" -> Optimizers.adam();
            case "sgd-momentum" -> Optimizers.sgd(0.01, 0.9, false);
            case "rmsprop" -> Optimizers.rmsprop();
            case "sgd" -> Optimizers.sgd();
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'");
        };
        state = new TensorStore("OptimizerJmh");
        opt.build(params, state);
    }

    @TearDown(Level.Trial)
    public void free() {
        state.close();
        model.close();
    }

    /** The parameters are updated in place. */
    @Benchmark
    public void step() {
        opt.step();
    }
}
