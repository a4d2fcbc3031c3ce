package org.ntklab.tools.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.tools.UserError;
import org.ntklab.tools.sweep.FrozenCopy;
import org.ntklab.tools.sweep.Planner;
import org.ntklab.tools.sweep.Shard;
import org.ntklab.tools.sweep.SlurmScripts;
import org.ntklab.tools.sweep.SweepMerge;
import org.ntklab.tools.sweep.SweepRunner;
import org.ntklab.tools.sweep.SweepSpec;
import org.ntklab.tools.sweep.SweepStatus;
import org.ntklab.tools.sweep.SweepStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntk sweep}: resumable parameter sweeps, locally, in shards, or as a SLURM job array. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Parameter sweeps: a task type over a grid and zipped lists of its keys (a YAML spec; see README).",
            "Each task's result is its own record in DIR/tasks/; re-running skips finished tasks."},
        subcommands = {SweepCommand.Run.class, SweepCommand.Status.class, SweepCommand.Merge.class, SweepCommand.Slurm.class})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** {@code ntk sweep} alone: the usage on stderr and exit 2, like {@code ntk} alone. */
    @Override
    public Integer call() {
        command.commandLine().getErr().println("ntk: 'sweep' needs a subcommand");
        command.commandLine().usage(command.commandLine().getErr());
        return 2;
    }

    static Path defaultOut(Path spec) {
        return ExperimentCommand.DEFAULT_ROOT.resolve("sweeps").resolve(spec.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", ""));
    }

    static List<String> args(picocli.CommandLine.Model.CommandSpec c) {
        return c.commandLine().getParseResult().originalArgs(); // the whole command line, "sweep SUBCOMMAND" included
    }

    /** {@code ntk sweep run}. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs the sweep's tasks (or one shard of them) under the thread budget, skipping tasks already done.",
                "Exit status 0 when every task of the shard succeeded, 4 when some failed (see 'ntk sweep status')."})
    public static final class Run implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec (YAML or JSON).")
        Path spec;

        @Option(names = "--out", paramLabel = "DIR", description = "The sweep folder: new, empty or this sweep's (default out/sweeps/<spec name> in the working folder).")
        Path out;

        @Option(names = "--shard", paramLabel = "i/k", description = "Run only shard i of k (0 ≤ i < k): the tasks whose index is i mod k.")
        String shard;

        @Option(names = "--retry-failed", description = "Run again the tasks whose records say they failed.")
        boolean retryFailed;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Shard s = shard == null ? Shard.ALL : Shard.parse(shard);
            SweepSpec sw = SweepSpec.read(spec);
            // a task that can never fit is refused before the folder is made
            Planner.requireFits(sw.type(), s.select(sw.tasks()), Planner.heapBudget());
            SweepStore store = SweepStore.create(out != null ? out : defaultOut(spec), sw);
            return new SweepRunner(sw, store, s, retryFailed, args(command), System.out).run();
        }
    }

    /** {@code ntk sweep status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Counts of done, failed and missing tasks of a sweep folder, with the failed tasks' errors.",
                "Exit status 0 when every task has succeeded, 4 when some failed (or have unreadable records),",
                "5 while none failed but some are missing (not run yet, in flight or lost)."})
    public static final class Status implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Option(names = "--list", defaultValue = "10", description = "List at most this many failed and missing tasks (default ${DEFAULT-VALUE}).")
        int list;

        @picocli.CommandLine.Mixin
        JsonOutput jsonOutput;

        @Override
        public Integer call() {
            SweepStore store = SweepStore.existing(dir);
            SweepSpec spec = store.spec();
            SweepStatus st = SweepStatus.of(store, spec);
            if (jsonOutput.json) {
                // every task named, for scripts that resubmit the missing ones or collect the errors
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("sweep", spec.name());
                m.put("task", spec.type().name());
                m.put("dir", dir.toAbsolutePath().normalize().toString());
                m.put("tasks", st.tasks().size());
                m.put("done", st.ok().size());
                m.put("failed", st.failed().stream().map(r -> java.util.Map.of("id", r.id(), "index", r.index(),
                        "error", String.valueOf(r.error()))).toList());
                m.put("missing", st.missing().stream().map(t -> java.util.Map.of("id", t.id(), "index", t.index())).toList());
                m.put("unreadable", st.corrupt().entrySet().stream().map(e -> java.util.Map.of("id", e.getKey().id(), "index",
                        e.getKey().index(), "problem", e.getValue())).toList());
                m.put("exit_status", st.exitStatus());
                Json.print(m);
                return st.exitStatus();
            }
            System.out.print("sweep " + spec.name() + " (" + spec.type().name() + ") in " + dir + ": " + st.report(list));
            long tmp = store.temporaries();
            if (tmp > 0) {
                System.out.println("  " + tmp + " temporary record files: writers in flight, or killed ones (the next run of their shard removes them)");
            }
            return st.exitStatus(); // a script may poll the status until the sweep is done (5: not yet; 4: failures)
        }
    }

    /** {@code ntk sweep merge}. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Collects the records into DIR/results.csv (plus the task type's plots and results.meta.json), in the spec's order.",
                "Reports missing and failed tasks; exit status 4 when some failed, 5 when none failed but some are missing",
                "(the table then holds the tasks done)."})
    public static final class Merge implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            SweepStore store = SweepStore.existing(dir);
            List<Path> written = new ArrayList<>();
            SweepStatus st = SweepMerge.merge(store, args(command), written);
            System.out.print("merged " + st.report(10));
            System.out.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
            return st.exitStatus();
        }
    }

    /** {@code ntk sweep slurm}. */
    @Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes SLURM scripts into DIR/slurm/: a job array (one index per shard) and the merge as a dependent job.",
                "Submit them with 'bash DIR/slurm/submit.sh'. CPUs per shard: --cpus (default: the thread budget); memory from the planner."})
    public static final class Slurm implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec (YAML or JSON).")
        Path spec;

        @Option(names = "--out", paramLabel = "DIR", description = "The sweep folder: new, empty or this sweep's (default out/sweeps/<spec name> in the working folder).")
        Path out;

        @Option(names = "--shards", paramLabel = "k", defaultValue = "1", description = "Array size: the number of shards (default ${DEFAULT-VALUE}).")
        int shards;

        @Option(names = "--partition", paramLabel = "P", description = "SLURM partition (default: the cluster's).")
        String partition;

        @Option(names = "--cpus", paramLabel = "C", description = "CPUs (threads) per shard (default: the thread budget, --threads or all processors).")
        Integer cpus;

        @Option(names = "--time", paramLabel = "LIMIT", description = "SLURM time limit per job, e.g. 02:00:00 (default: the partition's).")
        String time;

        @Override
        public Integer call() {
            SweepSpec sw = SweepSpec.read(spec);
            if (shards < 1 || shards > sw.tasks().size()) {
                throw new UserError("--shards must be between 1 and the number of tasks (" + sw.tasks().size() + "), got " + shards);
            }
            int c = cpus != null ? cpus : ThreadBudget.threads();
            if (c < 1) {
                throw new UserError("--cpus must be at least 1, got " + c);
            }
            if (partition != null && !partition.matches("[A-Za-z0-9_.,-]+")) {
                throw new UserError("--partition must be a SLURM partition name, got '" + partition + "'");
            }
            if (time != null && !time.matches("[0-9:-]+")) {
                throw new UserError("--time must be a SLURM time limit such as 02:00:00 or 1-00:00:00, got '" + time + "'");
            }
            Path dir = out != null ? out : defaultOut(spec);
            SweepStore.create(dir, sw);
            SlurmScripts.Resources r = SlurmScripts.plan(sw, shards, c);
            // the jobs run a copy: a rebuild while they wait in the queue must not change their code
            FrozenCopy frozen = FrozenCopy.freeze(dir, sw);
            List<Path> files = SlurmScripts.write(dir, sw, r, partition, time, frozen);
            System.out.printf(Locale.ROOT, "sweep %s: %d tasks; %s%n%s%nwrote %s%nsubmit with: bash %s%n", sw.name(), sw.tasks().size(),
                    SlurmScripts.describe(r), frozen.describe(), String.join(", ", files.stream().map(Path::toString).toList()), files.get(0));
            return 0;
        }
    }
}
