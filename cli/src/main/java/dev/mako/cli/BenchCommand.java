package dev.mako.cli;

import dev.mako.bench.GemmBenchmark;

import java.nio.file.Path;
import java.util.Arrays;

/** {@code ./mako bench <workload>}: benchmarks, one workload per sub-command. */
final class BenchCommand implements Main.Command {
    private static final String USAGE = """
            usage: ./mako bench <workload> [options]
              gemm [--quick] [--json FILE]   GFLOP/s of OpenBLAS and the Java kernel, 1 thread and all threads,
                                             squares 64-2048 and the batch-32 MLP shapes (--quick: under 30 s)
              jmh [JMH options]              the JMH kernel benchmarks, e.g. ./mako bench jmh GemmJmh -p backend=java""";

    @Override
    public String summary() {
        return "benchmarks: gemm [--quick] [--json FILE], jmh [JMH options]";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0) throw new UsageException("bench needs a workload\n" + USAGE);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "gemm" -> gemm(rest);
            case "jmh" -> {
                org.openjdk.jmh.Main.main(rest);
                yield 0;
            }
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown bench workload '" + args[0] + "'\n" + USAGE);
        };
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
