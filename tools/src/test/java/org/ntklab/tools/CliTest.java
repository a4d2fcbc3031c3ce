package org.ntklab.tools;

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
    void demoWritesCsvAndMetadata(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.of("demo", "--n", "300", "--d", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("outputs:"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("demo.csv"));
        assertTrue(csv.get(0).startsWith("# command: demo"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("# git_commit: ")));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("step,backend,n,seconds,value")));
        JsonNode meta = new ObjectMapper().readTree(out.resolve("meta.json").toFile());
        for (String key : List.of("git_commit", "backend", "threads", "java_version", "seed", "wall_seconds")) {
            assertTrue(meta.has(key), key);
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of("demo.csv", "meta.json", "spectrum.csv"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
        for (String line : csv.stream().filter(l -> l.startsWith("ridge solve")).toList()) {
            double res = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
            assertTrue(res < 1e-8, "ridge solve residual " + res);
        }
        String cross = csv.stream().filter(l -> l.startsWith("cross-check")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(cross.substring(cross.lastIndexOf(',') + 1)) < 1e-8, cross);
    }

    @Test
    void userErrorsGiveOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        String[][] cases = {
            {"no-such-command"},
            {"info", "--threads", "0"},
            {"demo", "--n", "1"},
            {"demo", "--n", "abc"},
            {"demo", "--n", "50", "--out", file.resolve("sub").toString()},
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
