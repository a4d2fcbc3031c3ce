package org.ntklab.tools.sweep;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.Environment;

/**
 * Writes the SLURM job scripts of a sweep into {@code DIR/slurm/}: {@code array.sbatch}, a job array
 * with one index per shard, each running {@code ntk sweep run --shard $SLURM_ARRAY_TASK_ID/k} with
 * the CPUs and memory the planner asks for; {@code merge.sbatch}, the merge step; and
 * {@code submit.sh}, which submits the array and then the merge as a job that depends on it.
 * Every job runs the same Java and JVM flags as the command that wrote the scripts, on the sweep's
 * {@link FrozenCopy} of this program and of the spec: the scripts name nothing of the build, so
 * rebuilding ntk while jobs wait in the queue does not change what they run. Each job changes into
 * the copy's folder and names its class path relative to it (plain words: no quoting, and no
 * {@code :} from the sweep folder's name can split the class path).
 */
public final class SlurmScripts {

    /** Heap the JVM needs beyond the tasks' own estimates (its code, the records, the planner's slack). */
    static final long JVM_BASE_BYTES = 256L << 20;

    /** Memory a job needs beyond its heap: metaspace, thread stacks, OpenBLAS buffers. */
    static final long NATIVE_BYTES = 768L << 20;

    private SlurmScripts() {
    }

    /**
     * What one array job gets.
     *
     * @param shards   number of array indices
     * @param cpus     CPUs per array index (its thread budget)
     * @param heapMiB  its -Xmx
     * @param memMiB   its --mem
     */
    public record Resources(int shards, int cpus, long heapMiB, long memMiB) {
    }

    /** Plans the array: the memory of the most demanding shard running {@code cpus} tasks at once. */
    public static Resources plan(SweepSpec spec, int shards, int cpus) {
        long peak = 0;
        for (int i = 0; i < shards; i++) {
            List<SweepTask> mine = new Shard(i, shards).select(spec.tasks());
            peak = Math.max(peak, Planner.concurrentPeak(spec.type(), mine, cpus));
        }
        // the runner lets tasks use HEAP_SHARE of the heap
        long heap = (long) Math.ceil((peak / Planner.HEAP_SHARE + JVM_BASE_BYTES) / (1 << 20));
        return new Resources(shards, cpus, heap, heap + (NATIVE_BYTES >> 20));
    }

    /**
     * Writes the three scripts, which run {@code frozen} (made by {@link FrozenCopy#freeze} for this
     * sweep folder); returns their paths (submit.sh first).
     */
    public static List<Path> write(Path dir, SweepSpec spec, Resources r, String partition, String timeLimit, FrozenCopy frozen) {
        Path slurm = AtomicFiles.ensureFolder(dir.toAbsolutePath().resolve("slurm"));
        AtomicFiles.ensureFolder(slurm.resolve("logs"));
        Path abs = dir.toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvm = new ArrayList<>(jvmFlags());
        // the records' provenance names the commit of the code the jobs run, not the checkout's at the time they start
        jvm.add("-D" + Environment.COMMIT_PROPERTY + "=" + frozen.gitCommit());
        String launch = String.join(" ", quoteAll(java)) + " " + String.join(" ", quoteAll(jvm.toArray(String[]::new)));
        String cp = String.join(File.pathSeparator, frozen.classPath()); // relative to the frozen folder
        String enter = "cd -- " + quote(frozen.dir().toString()) + "\n";
        String specPath = quote(frozen.spec().toString());
        String header = "# Written by 'ntk sweep slurm' at " + Instant.now() + " (ntk " + Environment.ntkVersion() + ", commit "
                + Environment.gitCommit() + ").\n";
        String common = (partition != null ? "#SBATCH --partition=" + partition + "\n" : "")
                + (timeLimit != null ? "#SBATCH --time=" + timeLimit + "\n" : "");
        String env = environment();
        String array = "#!/bin/bash\n"
                + "#SBATCH --job-name=" + jobName(spec) + "\n"
                + "#SBATCH --array=0-" + (r.shards() - 1) + "\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=" + r.cpus() + "\n"
                + "#SBATCH --mem=" + r.memMiB() + "M\n"
                + common
                + directive("--output=", slurm.resolve("logs").resolve("shard-%a.out").toString())
                + header
                + "# One array index per shard; each runs its share of the sweep's tasks with " + r.cpus() + " threads and a heap of "
                + r.heapMiB() + " MiB (planner: the shard's " + r.cpus() + " largest task estimates, plus the JVM's own).\n"
                + "# Runs the sweep's frozen copy of ntk and of the spec (SHA-256 in frozen/" + FrozenCopy.RECORD + "), not the build.\n"
                + "set -euo pipefail\n" + env + enter
                + "exec " + launch + " -Xmx" + r.heapMiB() + "m -cp " + quote(cp) + " org.ntklab.tools.cli.Main --threads " + r.cpus()
                + " sweep run " + specPath + " --out " + quote(abs.toString())
                + " --shard \"${SLURM_ARRAY_TASK_ID}/" + r.shards() + "\"\n";
        String merge = "#!/bin/bash\n"
                + "#SBATCH --job-name=" + jobName(spec) + "-merge\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=1\n"
                + "#SBATCH --mem=1024M\n"
                + common
                + directive("--output=", slurm.resolve("logs").resolve("merge.out").toString())
                + header
                + "# Runs after every array index has ended (afterany): merges the records and reports missing or failed tasks.\n"
                + "set -euo pipefail\n" + env + enter
                + "exec " + launch + " -Xmx512m -cp " + quote(cp) + " org.ntklab.tools.cli.Main --threads 1 sweep merge " + quote(abs.toString()) + "\n";
        String submit = "#!/bin/bash\n" + header
                + "# Submits the shards as one job array and the merge as a job that starts when all of them have ended.\n"
                + "set -euo pipefail\n"
                + "array=$(sbatch --parsable " + quote("--output=" + slurm.resolve("logs").resolve("shard-%a.out")) + " "
                + quote(slurm.resolve("array.sbatch").toString()) + ")\n"
                + "array=${array%%;*}\n"
                + "merge=$(sbatch --parsable --dependency=afterany:${array} " + quote("--output=" + slurm.resolve("logs").resolve("merge.out"))
                + " " + quote(slurm.resolve("merge.sbatch").toString()) + ")\n"
                + "merge=${merge%%;*}\n"
                + "echo \"array job ${array} (" + r.shards() + " shards), merge job ${merge}; results in \"" + quote(abs.resolve(SweepMerge.RESULTS).toString())
                + "\n";
        List<Path> out = new ArrayList<>();
        out.add(script(slurm.resolve("submit.sh"), submit));
        out.add(script(slurm.resolve("array.sbatch"), array));
        out.add(script(slurm.resolve("merge.sbatch"), merge));
        return out;
    }

    private static Path script(Path p, String text) {
        AtomicFiles.write(p, true, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        p.toFile().setExecutable(true);
        return p;
    }

    /** The JVM flags this process was started with that the jobs need too (heap size excepted: the planner sets it). */
    public static List<String> jvmFlags() {
        List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> keep = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (a.equals("--add-modules") && i + 1 < in.size()) {
                keep.add(a);
                keep.add(in.get(++i));
            } else if (a.startsWith("--add-modules=") || a.startsWith("--enable-native-access") || a.startsWith("-Xss")
                    || (a.startsWith("-Dntk.") && !a.startsWith("-D" + Environment.COMMIT_PROPERTY + "="))) {
                keep.add(a);
            }
        }
        if (!keep.contains("--add-modules") && keep.stream().noneMatch(a -> a.startsWith("--add-modules="))) {
            keep.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        if (keep.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            keep.add("--enable-native-access=ALL-UNNAMED");
        }
        String blas = System.getProperty("ntk.blas", "");
        if (!blas.isBlank() && keep.stream().noneMatch(a -> a.startsWith("-Dntk.blas="))) {
            keep.add("-Dntk.blas=" + blas);
        }
        return keep;
    }

    /** This program's class path as given, absolute (the jar, or the build's folders; not what its manifest adds). */
    public static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!p.isBlank()) {
                parts.add(Path.of(p).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** Environment variables that change numerics or speed, exported as this process saw them. */
    private static String environment() {
        StringBuilder s = new StringBuilder();
        for (String v : List.of("OPENBLAS_CORETYPE", "NTK_DEBUG")) {
            String value = System.getenv(v);
            if (value != null) {
                s.append("export ").append(v).append('=').append(quote(value)).append('\n');
            }
        }
        return s.toString();
    }

    /**
     * An {@code #SBATCH} line, or nothing when the value is not a plain word: sbatch reads these
     * lines without a shell's quoting, and a newline in a path would start a new line of the script.
     * submit.sh passes the same option on sbatch's command line, quoted, so it holds either way.
     */
    private static String directive(String option, String value) {
        return quote(value).equals(value) ? "#SBATCH " + option + value + "\n" : "";
    }

    private static String jobName(SweepSpec spec) {
        return "ntk-" + spec.name().replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String[] quoteAll(String... words) {
        String[] q = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            q[i] = quote(words[i]);
        }
        return q;
    }

    /** Single-quotes a word for bash when it needs it. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A one-line summary for the console. */
    public static String describe(Resources r) {
        return String.format(Locale.ROOT, "%d array tasks × %d CPUs, --mem=%dM (heap %d MiB)", r.shards(), r.cpus(), r.memMiB(), r.heapMiB());
    }
}
