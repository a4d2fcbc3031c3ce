package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @Test
    void infoReportsBackendThreadsAndHeap() {
        CliRun r = CliRun.of("info");
        assertEquals(0, r.status(), r.err());
        for (String key : List.of("java_version", "vector_species", "backend", "blas", "lapack", "threads", "max_heap_bytes")) {
            assertTrue(r.out().contains(key), key + " missing from:\n" + r.out());
        }
    }

    @Test
    void demoRunsTheQuickExperimentAndSaysWhereItsOutputsWent(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.of("demo", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(out.toAbsolutePath().toString()), r.out());
        assertTrue(r.out().contains("standard vs mirrored"), r.out());
        JsonNode meta = new ObjectMapper().readTree(out.resolve("meta.json").toFile());
        for (String key : List.of("git_commit", "backend", "threads", "java_version", "spec", "wall_seconds")) {
            assertTrue(meta.has(key), key);
        }
        assertTrue(Files.exists(out.resolve("errors.csv")) && Files.exists(out.resolve("rates-d5.png")));
        assertEquals(0, CliRun.of("demo", "--out", out.toString()).status(), "the demo replaces its own outputs");
    }

    @Test
    void userErrorsGiveOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        String[][] cases = {
            {"no-such-command"},
            {"info", "--threads", "0"},
            {"demo", "--out", file.resolve("sub").toString()},
            {"experiment", "no-such-experiment"},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + r.err());
            String err = r.err().strip();
            assertFalse(err.isEmpty(), "message expected for " + String.join(" ", args));
            assertEquals(1, err.lines().count(), "one line for " + String.join(" ", args) + ":\n" + err);
            assertTrue(err.startsWith("ntk: "), err);
            assertFalse(err.contains("\tat "), "no stack trace");
        }
    }
}
