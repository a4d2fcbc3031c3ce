package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.cli.Main;
import org.ntklab.tools.UserError;
import org.ntklab.tools.experiment.SpecReader;

/** Sweep specs expand to the same tasks every time, and bad specs are refused naming the key before anything runs. */
class SweepSpecTest {

    @TempDir
    Path dir;

    static final String GOOD = """
            task: lambda-min
            base: {kernel: empirical, preset: arora, depth: 2, d: 5}
            grid:
              width: [16, 32]
              seed: [0, 1, 2]
            zip:
              n: [20, 30]
              data_seed: [7, 8]
            """;

    @Test
    void expandsGridThenZipInAFixedOrderWithStableIds() {
        SweepSpec a = SweepSpec.parse(GOOD, "a.yaml");
        SweepSpec b = SweepSpec.parse(GOOD, "b.yaml");
        assertEquals(2 * 3 * 2, a.tasks().size());
        assertEquals(a.tasks().stream().map(SweepTask::id).toList(), b.tasks().stream().map(SweepTask::id).toList());
        // first grid key slowest, the zip axis fastest
        SweepTask t0 = a.tasks().get(0);
        SweepTask t1 = a.tasks().get(1);
        SweepTask t2 = a.tasks().get(2);
        assertEquals(16, t0.values().get("width"));
        assertEquals(0L, ((Number) t0.values().get("seed")).longValue());
        assertEquals(20, t0.values().get("n"));
        assertEquals(30, t1.values().get("n"));
        assertEquals(8L, ((Number) t1.values().get("data_seed")).longValue());
        assertEquals(1L, ((Number) t2.values().get("seed")).longValue());
        assertEquals(32, a.tasks().get(6).values().get("width"));
        for (int i = 0; i < a.tasks().size(); i++) {
            assertEquals(i, a.tasks().get(i).index());
            assertTrue(a.tasks().get(i).id().matches("[0-9a-f]{16}"));
        }
        assertEquals(a.tasks().size(), a.tasks().stream().map(SweepTask::id).distinct().count());
    }

    @Test
    void idsHashResolvedParametersNotHowTheyWereWritten() {
        String implicit = "task: lambda-min\nbase: {n: 20, d: 5, width: 16}\n";
        // the same task with every default written out, keys in another order, and a one-value grid
        String explicit = """
                task: lambda-min
                base: {target_width: 1.0e-8, seed: 0, data_seed: 0, domain: sphere, init: standard, activation: relu,
                       depth: 1, preset: arora, kernel: empirical, d: 5}
                grid: {n: [20], width: [16]}
                """;
        String other = "task: lambda-min\nbase: {n: 20, d: 5, width: 16, seed: 1}\n";
        String id = SweepSpec.parse(implicit, "i").tasks().get(0).id();
        assertEquals(id, SweepSpec.parse(explicit, "e").tasks().get(0).id());
        assertNotEquals(id, SweepSpec.parse(other, "o").tasks().get(0).id());
    }

    @Test
    void badSpecsAreRefusedNamingTheKey() {
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, width: 16}\ngird: {seed: [1]}\n", "'gird'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, width: 16}\ngrid: {sead: [1, 2]}\n", "'grid.sead'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, witdh: 16}\n", "'base.witdh'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: []}\n", "'grid.width'");
        assertRefused("task: lambda-min\nbase: {d: 5, width: 16}\nzip: {n: [20, 30, 40], seed: [1, 2]}\n", "'zip.seed'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, 'wide']}\n", "'grid.width'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, 16.5]}\n", "'grid.width'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, width: 16}\ngrid: {seed: 3}\n", "'grid.seed'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, width: 16, seed: 1}\ngrid: {seed: [1, 2]}\n", "'seed'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, -4]}\n", "'width'");
        assertRefused("task: lambda-min\nbase: {n: 20, d: 5, width: 16, init: mirrorred}\n", "'init'");
        assertRefused("task: lambda-min\nbase: {n: 20, width: 16}\n", "'d'");
        assertRefused("task: lambda-nax\nbase: {n: 20}\n", "'task'");
        assertRefused("base: {n: 20}\n", "'task'");
        assertRefused("task: lambda-min\nbase: {kernel: analytic, n: 20, d: 5}\ngrid: {seed: [1, 2]}\n", "'seed'");
    }

    @Test
    void wrongTypesAreReportedInTheSpecsOwnTerms() {
        String[][] cases = {
            {"task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, 'wide']}\n", "key 'grid.width': expected an integer, got \"wide\""},
            {"task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, 16.5]}\n", "key 'grid.width': expected an integer, got 16.5"},
            {"task: lambda-min\nbase: {n: 20, d: 5, width: 16.5}\n", "key 'base.width': expected an integer, got 16.5"},
            {"task: lambda-min\nbase: {d: 5, width: 16}\nzip: {n: [20, x], seed: [1, 2]}\n", "key 'zip.n': expected an integer, got \"x\""},
            {"task: lambda-min\nbase: {n: 20, d: 5, width: 16, target_width: small}\n",
                "key 'base.target_width': expected a number, got \"small\""},
            {"task: lambda-min\nbase: {n: 20, d: 5, width: 16, domain: 3}\n", "key 'base.domain': expected text, got 3"},
            {"task: lambda-min\nbase: {n: 20, d: 5, width: 16}\ngrid: {seed: 3}\n", "key 'grid.seed': expected a list, got 3"},
            {"task: lambda-min\nbase: 5\n", "key 'base': expected keys with values (key: value), got 5"},
            {"task: [a]\nbase: {n: 20}\n", "key 'task': expected text, got [\"a\"]"},
            {"task: lambda-min\nbase: {n: 20, d: 5, width: 16}\ngird: {seed: [1]}\n",
                "unknown key 'gird' (known: base, grid, name, task, zip)"},
        };
        for (String[] c : cases) {
            UserError e = assertThrows(UserError.class, () -> SweepSpec.parse(c[0], "bad.yaml"), c[0]);
            assertEquals("bad.yaml: " + c[1], e.getMessage());
        }
        // an empty value is the key's default, as if it were left out
        assertEquals(SweepSpec.parse("task: lambda-min\nbase: {n: 20, d: 5, width: 16}\n", "a").tasks().get(0).id(),
                SweepSpec.parse("task: lambda-min\nbase: {n: 20, d: 5, width: 16, seed: ~}\n", "b").tasks().get(0).id());
        assertEquals(2, SweepSpec.parse("task: lambda-min\nbase: {d: 6, n: 80}\nzip: {kernel: [analytic, empirical], width: [null, 64]}\n",
                "c").tasks().size());
    }

    private static void assertRefused(String spec, String key) {
        UserError e = assertThrows(UserError.class, () -> SweepSpec.parse(spec, "bad.yaml"), spec);
        assertTrue(e.getMessage().contains(key), "message should name " + key + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.yaml: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void theCommandRefusesABadSpecBeforeAnyTaskRuns() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "task: lambda-min\nbase: {n: 20, d: 5}\ngrid: {width: [16, 'wide']}\n");
        Path out = dir.resolve("out");
        assertEquals(2, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        assertFalse(Files.exists(out), "nothing written for a refused spec");
    }

    @Test
    void aTaskThatCannotFitTheHeapIsRefusedSayingWhatItNeeds() throws Exception {
        Path spec = dir.resolve("huge.yaml");
        Files.writeString(spec, "task: lambda-min\nbase: {n: 46000, d: 5}\ngrid: {width: [16, 32]}\n");
        Path out = dir.resolve("huge");
        UserError e = assertThrows(UserError.class, () -> new SweepRunner(SweepSpec.read(spec),
                SweepStore.create(out, SweepSpec.read(spec)), Shard.ALL, false, List.of(), System.out).run());
        assertTrue(e.getMessage().matches(".*needs about [0-9.]+ GiB of heap but only .* is available.*"), e.getMessage());
        try (var files = Files.list(out.resolve("tasks"))) {
            assertEquals(0, files.count(), "no task ran");
        }
        Path cli = dir.resolve("huge-cli");
        assertEquals(2, Main.execute("sweep", "run", spec.toString(), "--out", cli.toString()));
        assertFalse(Files.exists(cli), "refused before the folder is made");
    }

    @Test
    void builtInSpecsExpand() {
        for (String name : List.of("lambda-min-widths", "lambda-min-quick", "analytic-lambda-min")) {
            SweepSpec s = SweepSpec.parse(SpecReader.resource("/sweeps/" + name + ".yaml"), name + ".yaml");
            assertEquals(name, s.name());
            assertTrue(s.tasks().size() >= 12, name);
        }
        assertEquals(80, SweepSpec.parse(SpecReader.resource("/sweeps/lambda-min-widths.yaml"), "w").tasks().size());
    }

    @Test
    void shardsPartitionTheTasks() {
        SweepSpec s = SweepSpec.parse(GOOD, "a.yaml");
        List<SweepTask> all = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.addAll(new Shard(i, 5).select(s.tasks()));
        }
        assertEquals(s.tasks().size(), all.size());
        assertEquals(s.tasks().size(), all.stream().map(SweepTask::id).distinct().count());
        assertEquals(new Shard(2, 7), Shard.parse("2/7"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1"));
    }
}
