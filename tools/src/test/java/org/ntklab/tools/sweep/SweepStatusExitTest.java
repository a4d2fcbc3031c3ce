package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.cli.Main;

/**
 * {@code sweep status} and {@code sweep merge} exit non-zero until every task has succeeded (issue 22):
 * 5 while tasks are only missing, 4 as soon as any failed or has an unreadable record, 0 when done.
 */
class SweepStatusExitTest {

    @TempDir
    Path dir;

    /** A task type for this test: fails on the values in {@link #failing}. */
    static final class Switchable implements TaskType<Switchable.Params> {
        record Params(Integer x) {
        }

        static final Set<Integer> failing = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "test-switchable";
        }

        @Override
        public Class<Params> paramsType() {
            return Params.class;
        }

        @Override
        public Params resolve(Params p) {
            if (p.x() == null) {
                throw new IllegalArgumentException("key 'x' is required");
            }
            return p;
        }

        @Override
        public long peakBytes(Params p) {
            return 1 << 20;
        }

        @Override
        public double work(Params p) {
            return 1;
        }

        @Override
        public Outcome run(Params p) {
            if (failing.contains(p.x())) {
                throw new IllegalStateException("x = " + p.x() + " fails");
            }
            return new Outcome(Map.of("twice", 2.0 * p.x()), Map.of());
        }

        @Override
        public List<String> resultColumns() {
            return List.of("twice");
        }
    }

    @Test
    void missingTasksExit5FailedOnesExit4() throws Exception {
        synchronized (Switchable.class) {
            if (TaskTypes.all().stream().noneMatch(t -> t.name().equals("test-switchable"))) {
                TaskTypes.register(new Switchable());
            }
        }
        Path spec = SweepFixtures.write(dir, "s.yaml", "task: test-switchable\ngrid: {x: [1, 2, 3, 4, 5, 6]}\n");
        Path out = dir.resolve("s");
        Switchable.failing.clear();
        // shard 0/3: tasks 0 and 3 (x = 1, 4) done, four missing, none failed
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--shard", "0/3"));
        assertEquals(SweepRunner.INCOMPLETE, Main.execute("sweep", "status", out.toString()), "tasks missing, none failed");
        assertEquals(SweepRunner.INCOMPLETE, Main.execute("sweep", "merge", out.toString()), "merge of an incomplete sweep");
        // shard 1/3 with x = 2 failing: one failed and two missing: the failure decides
        Switchable.failing.add(2);
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--shard", "1/3"));
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "status", out.toString()), "a failed task among missing ones");
        // the same state for scripts: --json names every failed and missing task
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout("sweep", "status",
                out.toString(), "--json"));
        assertEquals(6, j.path("tasks").asInt());
        assertEquals(3, j.path("done").asInt());
        assertEquals(1, j.path("failed").path(0).path("index").asInt());
        assertEquals(List.of(2, 5), List.of(j.path("missing").path(0).path("index").asInt(), j.path("missing").path(1).path("index").asInt()));
        assertEquals(SweepRunner.SOME_FAILED, j.path("exit_status").asInt());
        // all run, x = 2 still failed
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "status", out.toString()), "nothing missing, one failed");
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "merge", out.toString()));
        Switchable.failing.clear();
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--retry-failed"));
        assertEquals(0, Main.execute("sweep", "status", out.toString()), "every task done");
        assertEquals(0, Main.execute("sweep", "merge", out.toString()));
        // an unreadable record needs a look, like a failure
        SweepTask t = SweepSpec.read(spec).tasks().get(4);
        Files.writeString(SweepStore.existing(out).recordPath(t.id()), "{ not json");
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "status", out.toString()), "an unreadable record");
        // a record lost (deleted, as after a kill before the rename): missing again
        Files.delete(SweepStore.existing(out).recordPath(t.id()));
        assertEquals(SweepRunner.INCOMPLETE, Main.execute("sweep", "status", out.toString()), "a lost record is missing");
    }

    /** What a command printed on stdout. */
    private static String stdout(String... args) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Main.execute(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
