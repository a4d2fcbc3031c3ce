package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.tools.cli.Main;

/**
 * Local runs: the merged table does not depend on the thread count or on sharding; finished tasks
 * are skipped; a failing task is recorded and does not stop the others; --retry-failed reruns it.
 */
class SweepRunTest {

    @TempDir
    Path dir;

    private final int threadsBefore = ThreadBudget.threads();

    @AfterEach
    void restoreThreads() {
        ThreadBudget.setThreads(threadsBefore);
    }

    @Test
    void oneOrTwoThreadsAndOneOrThreeShardsGiveIdenticalResults() throws Exception {
        Path spec = SweepFixtures.write(dir, "small.yaml", SweepFixtures.SMALL);
        Path one = dir.resolve("threads1");
        Path two = dir.resolve("threads2");
        Path sharded = dir.resolve("shards3");
        assertEquals(0, Main.execute("--threads", "1", "sweep", "run", spec.toString(), "--out", one.toString()));
        assertEquals(0, Main.execute("--threads", "2", "sweep", "run", spec.toString(), "--out", two.toString()));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, Main.execute("--threads", "2", "sweep", "run", spec.toString(), "--out", sharded.toString(), "--shard", i + "/3"));
            int expected = i == 2 ? 0 : SweepRunner.INCOMPLETE; // merge reports missing tasks until the last shard
            assertEquals(expected, Main.execute("sweep", "merge", sharded.toString()));
        }
        assertEquals(0, Main.execute("sweep", "merge", one.toString()));
        assertEquals(0, Main.execute("sweep", "merge", two.toString()));
        List<String> reference = SweepFixtures.deterministicRows(one);
        assertEquals(25, reference.size());
        assertEquals(reference, SweepFixtures.deterministicRows(two));
        assertEquals(reference, SweepFixtures.deterministicRows(sharded));
        // independent check of the numbers: the certified bracket holds the estimate and proves PSD
        for (String row : reference.subList(1, reference.size())) {
            String[] c = row.split(",");
            int lm = List.of(reference.get(0).split(",")).indexOf("lambda_min");
            double value = Double.parseDouble(c[lm]);
            double lower = Double.parseDouble(c[lm + 1]);
            double upper = Double.parseDouble(c[lm + 2]);
            assertTrue(0 < lower && lower <= value && value <= upper && (upper - lower) <= 1e-8 * upper, row);
        }
        assertTrue(Files.exists(one.resolve("lambda_min.png")) && Files.exists(one.resolve("lambda_min.svg")));
        JsonNode meta = new ObjectMapper().readTree(one.resolve("results.meta.json").toFile());
        assertEquals(24, meta.get("done").asInt());
        assertTrue(meta.has("git_commit") && meta.has("spec") && meta.has("records_backend"));
        // a second run finds everything done and changes nothing
        byte[] before = Files.readAllBytes(one.resolve("tasks").resolve(SweepSpec.read(spec).tasks().get(5).id() + ".json"));
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", one.toString()));
        assertEquals(new String(before), Files.readString(one.resolve("tasks").resolve(SweepSpec.read(spec).tasks().get(5).id() + ".json")));
    }

    @Test
    void aTaskRunAloneWithAllThreadsGivesTheSameResultAsBesideOthers() throws Exception {
        // n large enough that OpenBLAS runs its Cholesky multi-threaded when given two threads
        Path spec = SweepFixtures.write(dir, "alone.yaml", """
                task: lambda-min
                base: {preset: arora, depth: 2, n: 300, d: 10, width: 256}
                grid: {init: [standard, mirrored], seed: [0, 1, 2]}
                """);
        Path out = dir.resolve("alone");
        ThreadBudget.setThreads(2);
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        SweepStore store = SweepStore.existing(out);
        for (SweepTask t : SweepSpec.read(spec).tasks()) {
            TaskRecord before = ((SweepStore.Stored) store.read(t)).record();
            Files.delete(store.recordPath(t.id()));
            // the only task left: the planner runs it alone, with multi-threaded BLAS
            assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
            TaskRecord after = ((SweepStore.Stored) store.read(t)).record();
            assertTrue(before.provenance().get("thread").toString().startsWith("ntk-worker"), "ran beside others: " + before.provenance());
            assertTrue(!after.provenance().get("thread").toString().startsWith("ntk-worker"), "ran alone: " + after.provenance());
            assertEquals(before.result(), after.result(), t.describe());
        }
    }

    @Test
    void tasksComputeOnThePureJavaEngineWhateverTheBackend() throws Exception {
        Path spec = SweepFixtures.write(dir, "engine.yaml", """
                task: lambda-min
                base: {preset: arora, depth: 2, n: 120, d: 8}
                grid: {width: [64, 256], seed: [0, 1]}
                """);
        Path out = dir.resolve("engine");
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        SweepStore store = SweepStore.existing(out);
        SweepSpec s = SweepSpec.read(spec);
        for (SweepTask t : s.tasks()) {
            TaskRecord r = ((SweepStore.Stored) store.read(t)).record();
            assertTrue(r.provenance().get("compute_engine").toString().startsWith("pure Java"), r.provenance().toString());
            // the same task computed here, pinned to the Java engine: bitwise the same numbers (the shards of a
            // sweep may run on machines with different backends and still merge into one consistent table)
            Map<String, Object> direct = Backends.onJavaEngine(() -> s.type().runTask(t).result());
            assertEquals(direct, r.result(), t.describe());
        }
    }

    /** A task type for tests: fails on odd x while {@link #failOdd} is set; counts runs per x. */
    static final class Flaky implements TaskType<Flaky.Params> {
        record Params(Integer x) {
        }

        static final AtomicBoolean failOdd = new AtomicBoolean(true);
        static final Map<Integer, Integer> runs = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "test-flaky";
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
            runs.merge(p.x(), 1, Integer::sum);
            if (failOdd.get() && p.x() % 2 == 1) {
                throw new IllegalStateException("odd x = " + p.x());
            }
            return new Outcome(Map.of("square", (double) p.x() * p.x()), Map.of());
        }

        @Override
        public List<String> resultColumns() {
            return List.of("square");
        }
    }

    @Test
    void failedTasksAreRecordedAndRetriedOnlyWhenAsked() throws Exception {
        synchronized (Flaky.class) {
            if (TaskTypes.all().stream().noneMatch(t -> t.name().equals("test-flaky"))) {
                TaskTypes.register(new Flaky());
            }
        }
        Path spec = SweepFixtures.write(dir, "flaky.yaml", "task: test-flaky\ngrid: {x: [1, 2, 3, 4, 5, 6]}\n");
        Path out = dir.resolve("flaky");
        Flaky.failOdd.set(true);
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        assertEquals(6, Flaky.runs.size(), "every task ran although some failed");
        SweepStatus st = SweepStatus.of(SweepStore.existing(out), SweepSpec.read(spec));
        assertEquals(3, st.ok().size());
        assertEquals(3, st.failed().size());
        assertTrue(st.failed().get(0).error().contains("odd x = 1"), st.failed().get(0).error());
        assertTrue(st.report(10).contains("failed"));
        // without --retry-failed nothing runs again
        Flaky.failOdd.set(false);
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        assertEquals(SweepRunner.SOME_FAILED, Main.execute("sweep", "status", out.toString()), "status while tasks failed");
        assertEquals(List.of(1, 1, 1, 1, 1, 1), List.copyOf(Flaky.runs.values()));
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString(), "--retry-failed"));
        assertEquals(Map.of(1, 2, 2, 1, 3, 2, 4, 1, 5, 2, 6, 1), Map.copyOf(Flaky.runs));
        assertEquals(0, Main.execute("sweep", "merge", out.toString()));
        assertEquals(0, Main.execute("sweep", "status", out.toString()), "status once all succeeded");
        assertTrue(Files.readString(out.resolve("results.csv")).contains("\n4,"), "rows in expansion order");
        assertFalse(Files.exists(out.resolve("lambda_min.png")), "the test type defines no plots");
    }

    @Test
    void analyticKernelTasksRunAndAgreeWithTheirLimit() throws Exception {
        Path spec = SweepFixtures.write(dir, "analytic.yaml", """
                task: lambda-min
                base: {preset: arora, d: 6, n: 80}
                grid: {depth: [1, 3]}
                zip: {kernel: [analytic, empirical], width: [null, 4096]}
                """);
        Path out = dir.resolve("analytic");
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", out.toString()));
        assertEquals(0, Main.execute("sweep", "merge", out.toString()));
        SweepStatus st = SweepStatus.of(SweepStore.existing(out), SweepSpec.read(spec));
        assertEquals(4, st.ok().size());
        for (int depth : new int[] {1, 3}) {
            double analytic = Double.NaN;
            double empirical = Double.NaN;
            for (TaskRecord r : st.ok()) {
                if (((Number) r.params().get("depth")).intValue() == depth) {
                    double v = ((Number) r.result().get("lambda_min")).doubleValue();
                    if ("analytic".equals(r.params().get("kernel"))) {
                        analytic = v;
                    } else {
                        empirical = v;
                    }
                }
            }
            // a wide network's NTK is near its limit: λ_min within 15% at width 4096 (independent of the code paths)
            assertTrue(analytic > 0 && Math.abs(empirical - analytic) < 0.15 * analytic, depth + ": " + empirical + " vs " + analytic);
        }
    }

    @Test
    void aFolderOfAnotherSweepIsRefused() throws Exception {
        Path a = SweepFixtures.write(dir, "a.yaml", "task: lambda-min\nbase: {n: 20, d: 3}\ngrid: {width: [4, 8]}\n");
        Path b = SweepFixtures.write(dir, "b.yaml", "task: lambda-min\nbase: {n: 20, d: 3}\ngrid: {width: [4, 16]}\n");
        Path out = dir.resolve("ab");
        assertEquals(0, Main.execute("sweep", "run", a.toString(), "--out", out.toString()));
        assertEquals(2, Main.execute("sweep", "run", b.toString(), "--out", out.toString()));
        assertEquals(2, Main.execute("sweep", "status", dir.resolve("nowhere").toString()));
        assertEquals(0, Main.execute("sweep", "status", out.toString()));
    }
}
