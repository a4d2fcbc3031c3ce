package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.cli.Main;

/**
 * A real sweep through SLURM on this machine: a one-node cluster on loopback ({@link LocalSlurm}),
 * the scripts of {@code ntk sweep slurm} submitted as they are (after the build they were written
 * from has been deleted: they run the sweep's frozen copy), the array's three shards and the
 * dependent merge job run by slurmd; the merged table must equal a local run's. Skipped, saying
 * why, only where SLURM cannot be installed or started.
 */
class SweepSlurmTest {

    @TempDir
    Path dir;

    @Test
    void aSweepRunThroughSlurmEqualsALocalRun() throws Exception {
        Path spec = SweepFixtures.write(dir, "small.yaml", SweepFixtures.SMALL.replace("seed: [0, 1, 2, 3]", "seed: [0, 1]"));
        Path out = dir.resolve("on-slurm");
        // written from a build laid out as tools/target (ntk.jar + lib/), which is then deleted: the jobs run the frozen copy
        Path live = Files.createDirectories(dir.resolve("live"));
        SweepFrozenTest.liveBuild(live);
        assertEquals(0, SweepFrozenTest.slurmAs(live.resolve("ntk.jar"), spec, out, "--shards", "3", "--cpus", "1"));
        SweepFrozenTest.deleteTree(live);
        String array = Files.readString(out.resolve("slurm/array.sbatch"));
        assertTrue(array.contains("#SBATCH --array=0-2") && array.contains("#SBATCH --cpus-per-task=1"), array);
        assertTrue(array.matches("(?s).*#SBATCH --mem=\\d+M.*") && array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""), array);
        assertTrue(Files.readString(out.resolve("slurm/submit.sh")).contains("--dependency=afterany:"));

        LocalSlurm cluster;
        try {
            cluster = LocalSlurm.start(dir.resolve("cluster"));
        } catch (LocalSlurm.Unavailable e) {
            System.err.println("SweepSlurmTest skipped: " + e.getMessage());
            Assumptions.abort("SLURM cannot be installed or started here: " + e.getMessage());
            return;
        }
        List<ProcessHandle> daemons;
        try (cluster) {
            daemons = cluster.handles();
            LocalSlurm.Result submitted = cluster.client(List.of("bash", out.resolve("slurm/submit.sh").toString()), 60);
            assertEquals(0, submitted.status(), submitted.output());
            assertTrue(submitted.output().contains("merge job"), submitted.output());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            boolean idle = false;
            while (System.nanoTime() < deadline) {
                LocalSlurm.Result q = cluster.client(List.of("squeue", "-h", "-o", "%i %T"), 20);
                if (q.status() == 0 && q.output().isBlank() && Files.exists(out.resolve(SweepMerge.RESULTS))) {
                    idle = true;
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(idle, "jobs did not finish within 300 s: " + cluster.client(List.of("squeue"), 20).output() + cluster.logs()
                    + logs(out));
        }
        for (ProcessHandle h : daemons) {
            assertFalse(h.isAlive(), "daemon " + h.pid() + " still running after close()");
        }
        String mergeLog = Files.readString(out.resolve("slurm/logs/merge.out"));
        assertTrue(mergeLog.contains("12 tasks: 12 done, 0 failed, 0 missing"), mergeLog);
        SweepStatus st = SweepStatus.of(SweepStore.existing(out), SweepSpec.read(spec));
        Set<Object> shards = new TreeSet<>();
        st.ok().forEach(r -> shards.add(r.provenance().get("shard")));
        assertEquals(Set.of("0/3", "1/3", "2/3"), shards, "every array index ran its shard");

        Path local = dir.resolve("local");
        assertEquals(0, Main.execute("sweep", "run", spec.toString(), "--out", local.toString()));
        assertEquals(0, Main.execute("sweep", "merge", local.toString()));
        assertEquals(SweepFixtures.deterministicRows(local), SweepFixtures.deterministicRows(out));
    }

    private static String logs(Path out) {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(out.resolve("slurm/logs"))) {
            for (Path f : files.toList()) {
                s.append(" [").append(f.getFileName()).append(": ").append(Files.readString(f).strip()).append(']');
            }
        } catch (Exception e) {
            s.append(" (no job logs: ").append(e.getMessage()).append(')');
        }
        return s.toString();
    }
}
