package dev.mako.cli;

import dev.mako.examples.SineForecast;
import java.util.Set;

/** {@code ./mako example NAME}: small worked examples that print what they do. */
final class ExampleCommand implements Main.Command {
    private static final String USAGE = """
            usage: ./mako example <name> [options]
              sine [--gru] [--epochs N] [--seed S]   next-value forecast of a noisy sine wave with an LSTM (or GRU),
                                                     compared with the last-value forecast""";

    @Override
    public String summary() {
        return "worked examples: sine (time-series forecast with an LSTM or GRU)";
    }

    @Override
    public int run(String[] argv) {
        Args args = new Args(argv, Set.of("--epochs", "--seed"), Set.of("--gru"));
        if (args.positional().size() != 1) throw new UsageException(USAGE);
        return switch (args.positional().get(0)) {
            case "sine" -> {
                SineForecast.Options d = SineForecast.Options.defaults();
                SineForecast.Options o = d.withEpochs(args.integer("--epochs", d.epochs(), 1)).withGru(args.flag("--gru"))
                        .withSeed(args.longValue("--seed", d.seed()));
                yield SineForecast.run(o, System.out).beatsNaive() ? 0 : 1;
            }
            default -> throw new UsageException("unknown example '" + args.positional().get(0) + "'\n" + USAGE);
        };
    }
}
