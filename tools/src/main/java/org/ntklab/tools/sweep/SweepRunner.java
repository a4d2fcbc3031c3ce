package org.ntklab.tools.sweep;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.output.TerminalProgress;

/**
 * Runs a sweep's tasks (one shard of them) into its folder: skips tasks that already have a
 * successful record (and failed ones unless asked to retry), plans the rest ({@link Planner}),
 * runs them under the thread budget, and stores each outcome as its own atomic record the moment
 * it finishes. A task that throws is recorded as failed and the others go on.
 */
public final class SweepRunner {

    /**
     * Exit status when every task ran but some failed or are missing (their records say why): 4,
     * apart from 2 (a user error) and 3 (a resource limit of this process), since a sweep with
     * failed tasks has itself run to the end.
     */
    public static final int SOME_FAILED = 4;

    /**
     * Exit status of {@code sweep status} and {@code sweep merge} while no task has failed but some have
     * no record yet (not run, in flight, or lost to a kill): 5, so that a script polling the status can
     * tell "wait or resubmit" from "look at the failures" (4).
     */
    public static final int INCOMPLETE = 5;

    private final SweepSpec spec;
    private final SweepStore store;
    private final Shard shard;
    private final boolean retryFailed;
    private final Map<String, Object> provenance;
    private final PrintStream out;
    private TerminalProgress progress;
    private int done;
    private int failed;
    private int total;
    private int skippedByOthers;

    /**
     * @param command   the command and its arguments, for every record's provenance
     */
    public SweepRunner(SweepSpec spec, SweepStore store, Shard shard, boolean retryFailed, List<String> command, PrintStream out) {
        this.spec = spec;
        this.store = store;
        this.shard = shard;
        this.retryFailed = retryFailed;
        this.out = out;
        RunRecord record = new RunRecord("sweep run", command);
        this.provenance = new LinkedHashMap<>(record.fields());
        provenance.remove("started");
        provenance.put("spec_source", spec.source());
        provenance.put("shard", shard.toString());
        provenance.put("host", host());
        provenance.put("pid", ProcessHandle.current().pid());
        provenance.put("compute_engine", "pure Java (every task, whatever the backend)");
    }

    /** Runs the shard; returns 0 when every task has a successful record, {@link #SOME_FAILED} otherwise. */
    public int run() {
        TaskType<?> type = spec.type();
        List<SweepTask> mine = shard.select(spec.tasks());
        store.removeTemporaries(mine);
        Map<String, SweepStore.Entry> entries = store.entries(mine);
        List<SweepTask> todo = new ArrayList<>();
        int previouslyFailed = 0;
        for (SweepTask t : mine) {
            SweepStore.Entry e = entries.get(t.id());
            if (e instanceof SweepStore.Stored s && s.record().ok()) {
                continue;
            }
            if (e instanceof SweepStore.Stored s && !s.record().ok() && !retryFailed) {
                previouslyFailed++;
                continue;
            }
            todo.add(t);
        }
        int threads = ThreadBudget.threads();
        Planner plan = Planner.plan(type, todo, threads, Planner.heapBudget());
        total = todo.size();
        out.printf(Locale.ROOT, "sweep %s (%s), shard %s: %d tasks, %d to run (%d alone with %d threads, %d concurrently with "
                        + "single-threaded BLAS; heap budget %s)%s%n", spec.name(), type.name(), shard, mine.size(), total,
                plan.alone().size(), threads, plan.concurrent().size(), MemoryCheck.human(plan.budget()),
                previouslyFailed > 0 ? "; " + previouslyFailed + " failed before (--retry-failed reruns them)" : "");
        long t0 = System.nanoTime();
        try (TerminalProgress bar = new TerminalProgress("sweep " + spec.name())) {
            progress = bar;
            report();
            // on the pure-Java engine: records from shards on different machines (or backends) merge into one
            // consistent table, and here the Java GEMM is also the faster one for single-threaded tasks
            Backends.onJavaEngine(() -> {
                for (SweepTask t : plan.alone()) {
                    runOne(t, entries.get(t.id()));
                }
                // one shared queue in the planner's order (largest work first): each worker takes the
                // next task when it is free, so the big tasks spread over all workers and the small
                // ones fill the end; a static split of the list would give one worker all the big ones
                List<SweepTask> batch = plan.concurrent();
                AtomicInteger next = new AtomicInteger();
                return ThreadBudget.invoke(() -> {
                    ThreadBudget.parallelFor(0, threads, 1, (lo, hi) -> {
                        for (int i = next.getAndIncrement(); i < batch.size(); i = next.getAndIncrement()) {
                            runOne(batch.get(i), entries.get(batch.get(i).id()));
                        }
                    });
                    return null;
                });
            });
        }
        int failedNow = failed;
        out.printf(Locale.ROOT, "sweep %s, shard %s: %d run in %.1f s (%d ok, %d failed%s); records in %s%n", spec.name(), shard, total,
                (System.nanoTime() - t0) / 1e9, done - failed, failed,
                skippedByOthers > 0 ? ", " + skippedByOthers + " already stored by another run" : "", store.dir().resolve("tasks"));
        return failedNow + previouslyFailed > 0 ? SOME_FAILED : 0;
    }

    private void runOne(SweepTask t, SweepStore.Entry before) {
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        TaskRecord r;
        try {
            TaskType.Outcome o = spec.type().runTask(t);
            Map<String, Double> timing = new LinkedHashMap<>(o.timing());
            timing.put("seconds", (System.nanoTime() - t0) / 1e9);
            r = new TaskRecord(t.id(), t.index(), spec.type().name(), TaskRecord.OK, t.values(), o.result(), timing, null,
                    provenance(started));
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            String message = e instanceof OutOfMemoryError ? "out of memory (max heap " + MemoryCheck.human(Runtime.getRuntime().maxMemory())
                    + "; the planner's estimate was " + MemoryCheck.human(spec.type().peakBytesOf(t)) + ")" : e.toString();
            r = new TaskRecord(t.id(), t.index(), spec.type().name(), TaskRecord.FAILED, t.values(), null,
                    Map.of("seconds", (System.nanoTime() - t0) / 1e9), message, provenance(started));
        }
        // a failed or unreadable record may be replaced; a successful one never is
        boolean stored = store.write(r, !(before instanceof SweepStore.Missing));
        synchronized (this) {
            done++;
            if (!r.ok()) {
                failed++;
            }
            if (!stored) {
                skippedByOthers++;
            }
            report();
        }
    }

    private synchronized void report() {
        progress.progress(done, total);
        progress.message((done - failed) + " ok, " + failed + " failed");
    }

    private Map<String, Object> provenance(String started) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.put("started", started);
        p.put("finished", Instant.now().toString());
        p.put("thread", Thread.currentThread().getName());
        return p;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
