package dev.mako.bench.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DeepLearning4J side of {@code ./mako bench WORKLOAD --vs dl4j}: the MNIST workloads of
 * {@code bench/python/torch_mnist.py} with the same command line, data, batch size, threads and
 * epochs. Prints one JSON line on stdout, as the torch script does:
 * <pre>{"epoch_seconds": [...], "epoch_other_cpu_seconds": [...], "test_accuracy": ..., "infer_seconds_per_10k": ..., "system": "dl4j",
 *  "workload": ..., "batch_size": ..., "threads": ..., "version": ..., "blas": ..., "coretype": ...}</pre>
 * The caller sets {@code OMP_NUM_THREADS} and {@code OPENBLAS_NUM_THREADS} to the thread count too:
 * the native libraries read them when they load.
 */
public final class Dl4jMnist {
    private Dl4jMnist() {}

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.BadUsage e) {
            System.err.println("usage: Dl4jMnist {" + String.join(",", Options.WORKLOADS)
                    + "} --data DIR [--epochs N] [--batch-size B] [--threads T] [--seed S]");
            System.err.println("Dl4jMnist: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(o.threads());
        Nd4j.getEnvironment().setMaxMasterThreads(o.threads());
        Nd4j.factory().blas().setMaxThreads(o.threads());

        Mnist data = Mnist.load(o.data());
        boolean rows = Models.recurrent(o.workload());
        MultiLayerNetwork net = Models.build(o.workload(), o.seed());
        Trainer.Epochs epochs = Trainer.train(net, data, rows, o.epochs(), o.batchSize(), o.seed());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("epoch_seconds", epochs.seconds());
        result.put("epoch_other_cpu_seconds", epochs.otherCpuSeconds());
        result.put("test_accuracy", Trainer.accuracy(net, data, rows));
        result.put("infer_seconds_per_10k", Trainer.inferSeconds(net, data, rows, o.batchSize()));
        result.put("system", "dl4j");
        result.put("workload", o.workload());
        result.put("batch_size", o.batchSize());
        result.put("threads", Nd4j.getEnvironment().maxThreads());
        result.put("version", dl4jVersion());
        result.put("blas", BlasReport.describe());
        String core = System.getenv("OPENBLAS_CORETYPE");
        result.put("coretype", core == null ? "auto" : core);
        System.out.println(JsonLine.of(result));
    }

    /** deeplearning4j-nn's version from its jar's Maven properties. */
    private static String dl4jVersion() throws IOException {
        try (InputStream in = MultiLayerNetwork.class.getResourceAsStream("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }
}
