package dev.mako.bench.dl4j;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code torch_mnist.py}, read the same way:
 * {@code WORKLOAD --data DIR [--epochs N] [--batch-size B] [--threads T] [--calls N] [--seed S]},
 * each option also as {@code --name=value}. {@code --calls} is accepted and unused: it belongs to
 * the {@code infer} workload, which this peer does not run.
 */
record Options(String workload, Path data, int epochs, int batchSize, int threads, long seed) {
    static final List<String> WORKLOADS = List.of("cnn", "lenet", "lstm", "mlp", "rnn");

    /** A command line this peer cannot run: reported on stderr with exit status 2, as argparse does. */
    static final class BadUsage extends RuntimeException {
        BadUsage(String message) {
            super(message);
        }
    }

    static Options parse(String[] args) {
        String workload = null, data = null;
        int epochs = 1, batch = 32, threads = Runtime.getRuntime().availableProcessors();
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (workload != null) throw new BadUsage("unrecognized argument '" + a + "'");
                workload = a;
                continue;
            }
            int eq = a.indexOf('=');
            String key = eq > 0 ? a.substring(0, eq) : a;
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new BadUsage("argument " + key + ": expected one argument");
            }
            switch (key) {
                case "--data" -> data = value;
                case "--epochs" -> epochs = positive(key, value);
                case "--batch-size" -> batch = positive(key, value);
                case "--threads" -> threads = positive(key, value);
                case "--calls" -> positive(key, value);
                case "--seed" -> seed = whole(key, value);
                default -> throw new BadUsage("unrecognized argument '" + key + "'");
            }
        }
        if (workload == null) throw new BadUsage("the following arguments are required: workload");
        if (workload.equals("infer")) throw new BadUsage("workload 'infer' is not implemented by the DL4J peer (training workloads only: " + WORKLOADS + ")");
        if (workload.equals("gru")) throw new BadUsage("workload 'gru': DeepLearning4J 1.0.0-M2.1 has no GRU layer");
        if (!WORKLOADS.contains(workload)) throw new BadUsage("argument workload: invalid choice '" + workload + "' (choose from " + WORKLOADS + ")");
        if (data == null) throw new BadUsage("the following arguments are required: --data");
        return new Options(workload, Path.of(data), epochs, batch, threads, seed);
    }

    private static int positive(String key, String value) {
        long v = whole(key, value);
        if (v < 1 || v > Integer.MAX_VALUE) throw new BadUsage("argument " + key + ": must be a positive integer, got '" + value + "'");
        return (int) v;
    }

    private static long whole(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadUsage("argument " + key + ": invalid int value '" + value + "'");
        }
    }
}
