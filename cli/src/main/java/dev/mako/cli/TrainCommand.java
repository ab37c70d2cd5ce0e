package dev.mako.cli;

import dev.mako.data.Datasets;
import dev.mako.data.TrainTest;
import dev.mako.io.AtomicFiles;
import dev.mako.io.Json;
import dev.mako.losses.Losses;
import dev.mako.metrics.Metrics;
import dev.mako.model.FitOptions;
import dev.mako.model.History;
import dev.mako.model.Sequential;
import dev.mako.parallel.Parallel;
import dev.mako.zoo.Recipe;
import dev.mako.zoo.Recipes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code ./mako train MODEL [options]}: trains a recipe on MNIST, evaluates on the test set, optionally saves. */
final class TrainCommand implements Main.Command {
    private static final Set<String> VALUED = Set.of("--epochs", "--batch-size", "--optimizer", "--lr", "--seed", "--data",
            "--save", "--json", "--verbose", "--limit");

    @Override
    public String summary() {
        return "train a model on MNIST: " + String.join(", ", Recipes.all().keySet());
    }

    @Override
    public int run(String[] argv) throws Exception {
        Args args = new Args(argv, VALUED, Set.of("--profile"));
        if (args.positional().size() != 1) {
            StringBuilder sb = new StringBuilder("usage: ./mako train MODEL [--epochs N] [--batch-size B] [--optimizer adam|sgd|rmsprop|adagrad]"
                    + " [--lr X] [--seed S] [--data DIR] [--save FILE] [--json FILE] [--verbose 0|1|2] [--profile]\nmodels:");
            Recipes.all().values().forEach(r -> sb.append(String.format("%n  %-12s %s", r.name(), r.description())));
            throw new UsageException(sb.toString());
        }
        Recipe recipe;
        try {
            recipe = Recipes.byName(args.positional().get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int epochs = args.integer("--epochs", recipe.defaultEpochs(), 1);
        int batch = args.integer("--batch-size", recipe.defaultBatchSize(), 1);
        long seed = args.longValue("--seed", 0);
        String optimizerName = args.string("--optimizer", "adam");
        double lr = args.flag("--lr") ? args.number("--lr", 0) : Double.NaN;
        int verbose = args.integer("--verbose", 1, 0);
        int limit = args.integer("--limit", 0, 0);
        Path save = args.path("--save"), json = args.path("--json");

        try (TrainTest mnist = args.path("--data") == null ? Datasets.mnist() : Datasets.mnist(args.path("--data"));
             Sequential model = recipe.model(seed)) {
            var train = limit > 0 ? mnist.train().first(Math.min(limit, mnist.train().size())) : mnist.train();
            model.compile(recipe.optimizer(optimizerName, lr), Losses.sparseCategoricalCrossentropy(), Metrics.ACCURACY);
            model.summary();
            History history = model.fit(recipe.shapeInputs(train.x()), train.y(),
                    FitOptions.epochs(epochs).batchSize(batch).seed(seed).verbose(verbose).profile(args.flag("--profile")));
            if (history.profile() != null) System.out.print("time per step, last epoch:\n" + history.profile().table());
            Map<String, Double> test = model.evaluate(recipe.shapeInputs(mnist.test().x()), mnist.test().y(), 1000);
            System.out.printf(Locale.ROOT, "test loss: %.4f%n", test.get("loss"));
            System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", test.get("accuracy"));
            if (save != null) {
                model.save(save);
                System.out.println("saved to " + save);
            }
            if (json != null) writeJson(json, recipe, model, batch, history, test);
        }
        return 0;
    }

    private static void writeJson(Path file, Recipe recipe, Sequential model, int batch, History h, Map<String, Double> test) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", recipe.name());
        root.put("params", model.paramCount());
        root.put("batch_size", batch);
        root.put("threads", Parallel.threads());
        List<Object> epochs = new ArrayList<>();
        for (int e = 0; e < h.epochs(); e++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e + 1);
            row.put("seconds", h.epochSeconds().get(e));
            for (var entry : h.asMap().entrySet()) row.put(entry.getKey(), entry.getValue().get(e));
            epochs.add(row);
        }
        root.put("epochs", epochs);
        root.put("test", test);
        AtomicFiles.write(file, Json.writePretty(root).getBytes(StandardCharsets.UTF_8));
    }
}
