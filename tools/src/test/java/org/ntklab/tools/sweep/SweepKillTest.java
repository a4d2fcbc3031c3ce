package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.cli.Main;

/**
 * A sweep in its own JVM is killed with SIGKILL four times at random moments while tasks are
 * finishing, restarted each time, then run to the end: the merged table equals an uninterrupted
 * run's, every record ever seen is intact and never rewritten (no finished task is done twice),
 * and the records come from several processes (the kills did interrupt the sweep).
 */
class SweepKillTest {

    @TempDir
    Path dir;

    @Test
    void killedAndRestartedSweepEqualsAnUninterruptedOne() throws Exception {
        Path spec = SweepFixtures.write(dir, "small.yaml", SweepFixtures.SMALL);
        Path out = dir.resolve("killed");
        Path tasks = out.resolve("tasks");
        Random random = new Random(20261123);
        Map<String, byte[]> seen = new HashMap<>();
        int total = SweepSpec.read(spec).tasks().size();
        int kills = 0;
        for (int round = 0; round < 4; round++) {
            int before = count(tasks);
            if (before >= total - 2) {
                break; // leave work for the kills to interrupt
            }
            Process p = start(spec, out);
            // wait until this process has finished a few tasks, then a random extra moment, then SIGKILL
            int target = before + 1 + random.nextInt(3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(tasks) < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(150));
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL on Linux
                kills++;
            }
            p.waitFor(30, TimeUnit.SECONDS);
            checkRecords(out, seen);
        }
        assertTrue(kills >= 3, "the sweep should have been killed mid-run, was killed " + kills + " times");
        assertTrue(count(tasks) < total, "tasks left for the final run");
        Process last = start(spec, out);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "final run finished");
        assertEquals(0, last.exitValue(), new String(last.getInputStream().readAllBytes()));
        checkRecords(out, seen);
        assertEquals(total, count(tasks));

        Path reference = dir.resolve("uninterrupted");
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", reference.toString()));
        assertEquals(0, Main.execute("sweep", "merge", reference.toString()));
        assertEquals(0, Main.execute("sweep", "merge", out.toString()));
        assertEquals(SweepFixtures.deterministicRows(reference), SweepFixtures.deterministicRows(out));

        Set<Object> pids = new HashSet<>();
        SweepStatus st = SweepStatus.of(SweepStore.existing(out), SweepSpec.read(spec));
        st.ok().forEach(r -> pids.add(r.provenance().get("pid")));
        assertTrue(pids.size() >= 3, "records from several processes: " + pids);
    }

    /** Every record present parses and belongs to its task; records seen before are byte-for-byte unchanged. */
    private static void checkRecords(Path out, Map<String, byte[]> seen) throws IOException {
        SweepSpec spec = SweepStore.existing(out).spec();
        SweepStore store = SweepStore.existing(out);
        for (SweepTask t : spec.tasks()) {
            SweepStore.Entry e = store.read(t);
            assertTrue(!(e instanceof SweepStore.Corrupt), "corrupt record of " + t.describe() + ": " + e);
            if (e instanceof SweepStore.Stored s) {
                assertTrue(s.record().ok(), "task failed: " + s.record().error());
                byte[] bytes = Files.readAllBytes(store.recordPath(t.id()));
                byte[] earlier = seen.putIfAbsent(t.id(), bytes);
                if (earlier != null) {
                    assertArrayEquals(earlier, bytes, "the record of a finished task was rewritten: " + t.describe());
                }
            }
        }
    }

    private static int count(Path tasks) throws IOException {
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tasks)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    /** {@code ntk --threads 2 sweep run SPEC --out DIR} in a new JVM on this test's class path. */
    static Process start(Path spec, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("org.ntklab.tools.cli.Main", "--threads", "2", "sweep", "run", spec.toString(), "--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** java, the project's JVM flags, this JVM's backend choice and class path. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(SlurmScripts.jvmFlags());
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(SlurmScripts.classPath());
        return cmd;
    }
}
