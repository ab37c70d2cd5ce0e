package dev.mako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.io.Json;
import dev.mako.tests.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them (in process). */
class CliTest {
    @TempDir
    Path tmp;

    private static String capture(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args), "exit status of ./mako " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoNamesTheJdkAndVectorWidth() throws Exception {
        String out = capture("info");
        assertTrue(out.contains("JDK") && out.contains("bits"), out);
    }

    @Test
    void trainPrintsSummaryProgressAndTestAccuracyAndWritesJson() throws Exception {
        Path json = tmp.resolve("run.json");
        Path saved = tmp.resolve("model.mako");
        String out = capture("train", "mnist-mlp", "--epochs", "2", "--limit", "3000", "--data", SharedData.mnistDir().toString(),
                "--json", json.toString(), "--save", saved.toString(), "--verbose", "2");
        assertTrue(out.contains("Total params: 109,386"), out);
        assertTrue(out.contains("Epoch 2/2"), out);
        assertTrue(out.matches("(?s).*94/94 - \\d+m?s - \\d+[mu]?s/step - accuracy: 0\\.\\d{4} - loss: \\d\\.\\d{4}.*"), out);
        assertTrue(out.contains("test accuracy: 0."), out);
        Map<String, Object> run = Json.parseObject(Files.readString(json));
        assertEquals("mnist-mlp", run.get("model"));
        assertEquals(109386L, ((Number) run.get("params")).longValue());
        List<?> epochs = (List<?>) run.get("epochs");
        assertEquals(2, epochs.size());
        Map<?, ?> first = (Map<?, ?>) epochs.get(0);
        assertTrue(first.containsKey("seconds") && first.containsKey("loss") && first.containsKey("accuracy"), first.toString());
        double accuracy = ((Number) ((Map<?, ?>) run.get("test")).get("accuracy")).doubleValue();
        assertTrue(accuracy > 0.85, "test accuracy after 2 epochs on 3000 samples: " + accuracy);
        assertTrue(Files.size(saved) > 109_386 * 4, "saved model file");
    }

    @Test
    void unknownModelAndBadOptionsAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> Main.run(new String[] {"train", "mnist-nope"}));
        assertTrue(e.getMessage().contains("mnist-mlp"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Main.run(new String[] {"train", "mnist-mlp", "--epochs", "zero"}));
        assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Main.run(new String[] {"train", "mnist-mlp", "--frobnicate"}));
        assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
    }
}
