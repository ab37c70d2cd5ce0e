package dev.mako.cli;

import dev.mako.bench.BenchJson;
import dev.mako.bench.GemmBenchmark;
import dev.mako.bench.InferenceBenchmark;
import dev.mako.bench.JmhResults;
import dev.mako.bench.Peer;
import dev.mako.bench.TrainingBenchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code ./mako bench <workload>}: benchmarks, one workload per sub-command. */
final class BenchCommand implements Main.Command {
    private static final String USAGE = """
            usage: ./mako bench <workload> [options]
              gemm [--quick] [--json FILE]   GFLOP/s of OpenBLAS and the Java kernel, 1 thread and all threads,
                                             squares 64-2048 and the batch-32 MLP shapes (--quick: under 30 s)
              mlp|cnn|lenet|rnn|lstm [--vs pytorch|dl4j] [--batch-size B[,B...]] [--runs N] [--json FILE] [--data DIR] [--seed S]
                                             trains the zoo recipe on MNIST: 1 warm-up epoch, then N counted (default 3;
                                             --epochs is a synonym), median s/epoch, samples/s, test accuracy; batch sizes
                                             default 32,128,512 for mlp, 128 otherwise; --vs runs the same model in a peer
                                             after Mako: pytorch (torch_mnist.py), dl4j (DeepLearning4J, bench/dl4j, built
                                             with Maven on first use); both: --vs pytorch --vs dl4j or --vs pytorch,dl4j
              infer [--vs pytorch] [--model FILE] [--calls N] [--json FILE] [--data DIR]
                                             Predictor latency of the course MLP (trained 1 epoch unless --model), batch 1
                                             and 64, 1 and 2 caller threads: p50/p99/p99.9/max, samples/s, bytes per call
                                             (PyTorch only: the DL4J peer runs the training workloads)
              jmh [JMH options]              the JMH kernel benchmarks, e.g. ./mako bench jmh GemmJmh -p backend=java;
                                             results as JSON in bench/results/jmh-<time>.json unless -rf/-rff are given""";
    private static final Set<String> INFER_VALUED = Set.of("--vs", "--model", "--calls", "--json", "--data");
    private static final Set<String> TRAIN_VALUED = Set.of("--vs", "--batch-size", "--runs", "--epochs", "--json", "--data", "--seed");

    @Override
    public String summary() {
        return "benchmarks: mlp|cnn|lenet|rnn|lstm [--vs pytorch|dl4j], infer [--vs pytorch], gemm [--quick] [--json FILE], jmh [JMH options]";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0) throw new UsageException("bench needs a workload\n" + USAGE);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "gemm" -> gemm(rest);
            case "infer" -> infer(rest);
            case "mlp", "cnn", "lenet", "rnn", "lstm" -> training(args[0], rest);
            case "jmh" -> jmh(rest);
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown bench workload '" + args[0] + "'\n" + USAGE);
        };
    }

    private static int training(String workload, String[] argv) throws Exception {
        Args args = new Args(argv, TRAIN_VALUED, Set.of());
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().getFirst() + "'\n" + USAGE);
        List<Peer> peers = peers(args);
        if (args.flag("--runs") && args.flag("--epochs")) throw new UsageException("give --runs or --epochs (synonyms), not both");
        int counted = args.integer("--runs", args.integer("--epochs", 3, 1), 1);
        List<Integer> batches = args.flag("--batch-size") ? batchSizes(args.string("--batch-size", ""))
                : TrainingBenchmark.Settings.defaultBatchSizes(workload);
        var settings = new TrainingBenchmark.Settings(workload, batches, counted, peers, args.path("--data"), args.longValue("--seed", 0));
        try {
            TrainingBenchmark.recipe(workload);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var rows = TrainingBenchmark.run(settings, System.out);
        System.out.println();
        System.out.print(TrainingBenchmark.table(rows));
        writeJson(args.path("--json"), TrainingBenchmark.json(rows));
        return 0;
    }

    private static int infer(String[] argv) throws Exception {
        Args args = new Args(argv, INFER_VALUED, Set.of());
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().getFirst() + "'\n" + USAGE);
        int calls = args.integer("--calls", 20_000, 1);
        List<Peer> peers = peers(args);
        if (peers.contains(Peer.DL4J)) throw new UsageException("bench infer compares with pytorch only; --vs dl4j is for the training workloads (mlp|cnn|lenet|rnn|lstm)");
        var settings = new InferenceBenchmark.Settings(args.path("--model"), calls, Math.max(2_000, calls / 5), peers.contains(Peer.PYTORCH), args.path("--data"));
        var rows = InferenceBenchmark.run(settings, System.out);
        System.out.println();
        System.out.print(InferenceBenchmark.table(rows));
        writeJson(args.path("--json"), InferenceBenchmark.json(rows));
        return 0;
    }

    /** The peers of every --vs given (repeated or comma-separated). */
    static List<Peer> peers(Args args) {
        try {
            return Peer.parse(args.strings("--vs"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** "32,128" → [32, 128]. */
    static List<Integer> batchSizes(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int b = Integer.parseInt(part.trim());
                if (b < 1) throw new UsageException("--batch-size values must be ≥ 1, got " + b);
                out.add(b);
            } catch (NumberFormatException e) {
                throw new UsageException("--batch-size needs integers separated by commas, got '" + text + "'");
            }
        }
        return out;
    }

    private static void writeJson(Path file, List<java.util.Map<String, Object>> rows) throws Exception {
        if (file == null) return;
        BenchJson.write(rows, file);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    private static int jmh(String[] args) throws Exception {
        JmhResults plan = JmhResults.plan(List.of(args), JmhResults.defaultDirectory(), LocalDateTime.now());
        org.openjdk.jmh.Main.main(plan.arguments().toArray(String[]::new));
        if (plan.file() != null && Files.exists(plan.file())) System.out.println("wrote " + plan.file().toAbsolutePath());
        return 0;
    }

    private static int gemm(String[] args) throws Exception {
        boolean quick = false;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> {
                    if (i + 1 >= args.length) throw new UsageException("--json needs a file name\n" + USAGE);
                    json = Path.of(args[++i]);
                }
                default -> throw new UsageException("unknown option '" + args[i] + "' for bench gemm\n" + USAGE);
            }
        }
        var rows = GemmBenchmark.run(quick ? GemmBenchmark.Settings.quick() : GemmBenchmark.Settings.full(), System.out);
        if (json != null) {
            GemmBenchmark.writeJson(rows, json);
            System.out.println("wrote " + json.toAbsolutePath());
        }
        return 0;
    }
}
