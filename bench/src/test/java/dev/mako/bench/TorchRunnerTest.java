package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aMissingPythonIsReportedAsNotInstalledWithTheInstallCommand() throws Exception {
        Path script = Files.writeString(dir.resolve("torch_mnist.py"), "print('{}')\n");
        var runner = new TorchRunner(List.of(dir.resolve("no-such-python").toString()), script, Optional.empty());
        PeerResult r = runner.run(List.of("mlp"));
        assertFalse(r.ok());
        assertTrue(r.problem().startsWith("PyTorch not installed"), r.problem());
        assertTrue(r.problem().contains("no-such-python"), r.problem());
        assertTrue(r.problem().contains(TorchRunner.INSTALL_HINT), r.problem());
    }

    @Test
    void aMissingScriptIsNamed() {
        var runner = new TorchRunner(List.of("python3"), dir.resolve("absent.py"), Optional.empty());
        PeerResult r = runner.run(List.of("mlp"));
        assertFalse(r.ok());
        assertTrue(r.problem().contains("absent.py"), r.problem());
    }

    @Test
    void interpretsTheLastJsonLineAndFailures() {
        var ok = TorchRunner.interpret(0, "warming up\n{\"system\": \"pytorch\", \"threads\": 2}\n", "");
        assertTrue(ok.ok());
        assertEquals("pytorch", ok.json().get("system"));

        var noTorch = TorchRunner.interpret(1, "", "Traceback...\nModuleNotFoundError: No module named 'torch'\n");
        assertTrue(noTorch.problem().startsWith("PyTorch not installed"), noTorch.problem());

        var crash = TorchRunner.interpret(2, "", "line1\nValueError: bad data\n");
        assertTrue(crash.problem().contains("exit status 2") && crash.problem().contains("bad data"), crash.problem());

        var noJson = TorchRunner.interpret(0, "hello\n", "");
        assertFalse(noJson.ok());
        assertTrue(noJson.problem().contains("no JSON"), noJson.problem());
    }
}
