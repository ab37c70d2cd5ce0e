package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2025, 3, 7, 9, 5, 2);

    @TempDir
    Path dir;

    @Test
    void withoutResultOptionsJsonGoesToANewTimestampedFileAheadOfTheUsersOptions() throws Exception {
        Path results = dir.resolve("bench/results");
        JmhResults plan = JmhResults.plan(List.of("GemmJmh", "-p", "backend=java"), results, NOW);
        Path file = results.resolve("jmh-20250307-090502.json");
        assertEquals(file, plan.file());
        assertEquals(List.of("-rf", "json", "-rff", file.toString(), "GemmJmh", "-p", "backend=java"), plan.arguments());
        assertTrue(Files.isDirectory(results), "the results folder is created");
        assertFalse(Files.exists(file), "JMH writes the file, not the plan");
    }

    @Test
    void noOptionsAtAllStillGetAResultFile() throws Exception {
        JmhResults plan = JmhResults.plan(List.of(), dir, NOW);
        assertEquals(List.of("-rf", "json", "-rff", plan.file().toString()), plan.arguments());
    }

    @Test
    void resultOptionsOfTheUsersArePassedOnUnchangedAndNoFileIsAdded() throws Exception {
        for (List<String> options : List.of(
                List.of("SoftmaxJmh", "-rf", "csv"),
                List.of("-rff", "mine.json", "SoftmaxJmh"),
                List.of("-rf=text"),
                List.of("-f", "1", "-rff=out.csv"))) {
            JmhResults plan = JmhResults.plan(options, dir.resolve("unused"), NOW);
            assertEquals(options, plan.arguments());
            assertNull(plan.file());
        }
        assertFalse(Files.exists(dir.resolve("unused")), "no results folder when the user chose the file");
    }

    @Test
    void optionsThatOnlyLookAlikeDoNotCount() {
        assertFalse(JmhResults.namesResults(List.of("-rfx", "-r", "1s", "-prof", "gc", "rf", "-wi")));
        assertTrue(JmhResults.namesResults(List.of("-wi", "1", "-rf", "json")));
    }

    @Test
    void aSecondRunInTheSameSecondGetsItsOwnFile() throws Exception {
        Files.writeString(dir.resolve("jmh-20250307-090502.json"), "[]");
        Files.writeString(dir.resolve("jmh-20250307-090502-2.json"), "[]");
        assertEquals(dir.resolve("jmh-20250307-090502-3.json"), JmhResults.plan(List.of(), dir, NOW).file());
    }

    @Test
    void theDefaultFolderIsBenchResults() {
        Path d = JmhResults.defaultDirectory();
        assertEquals("results", d.getFileName().toString());
        assertEquals("bench", d.getParent().getFileName().toString());
    }
}
