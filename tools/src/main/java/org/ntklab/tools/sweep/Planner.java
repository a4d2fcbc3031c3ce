package org.ntklab.tools.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.tools.UserError;

/**
 * Decides how a sweep's tasks share the thread budget and the heap.
 *
 * <p>With T threads and a heap budget H, a task runs <b>alone with all T threads</b> (BLAS
 * multi-threaded, the kernels' parallel loops over the pool) when its peak-memory estimate exceeds
 * H/T — T copies of it would not fit together — or when it carries more than 1/(2T) of the sweep's
 * work (run single-threaded, it would finish long after the rest: the tail). Every other task is
 * <b>concurrent</b>: T of them run at once, one per worker, each with single-threaded BLAS (the
 * budget rule); as each needs at most H/T, any T of them fit the heap together. Largest work first,
 * which keeps the workers evenly loaded to the end. A task whose estimate exceeds H is refused
 * before anything runs.
 *
 * @param alone      tasks to run one at a time with all threads
 * @param concurrent tasks to run T at a time, largest work first
 * @param budget     the heap budget planned against, in bytes
 */
public record Planner(List<SweepTask> alone, List<SweepTask> concurrent, long budget) {

    /** Share of the free heap the planner lets tasks use (the rest for the JVM and fragmentation). */
    static final double HEAP_SHARE = 0.85;

    /** The heap tasks may use in this JVM. */
    public static long heapBudget() {
        return (long) (HEAP_SHARE * MemoryCheck.available());
    }

    /**
     * Plans {@code tasks} for {@code threads} threads and {@code budget} bytes.
     *
     * @throws UserError naming the first task that cannot fit the heap at all, and what it needs
     */
    public static Planner plan(TaskType<?> type, List<SweepTask> tasks, int threads, long budget) {
        requireFits(type, tasks, budget);
        double total = tasks.stream().mapToDouble(type::workOf).sum();
        List<SweepTask> alone = new ArrayList<>();
        List<SweepTask> small = new ArrayList<>();
        for (SweepTask t : tasks) {
            boolean big = threads > 1 && (type.peakBytesOf(t) > budget / threads || type.workOf(t) * 2 * threads > total);
            (big ? alone : small).add(t);
        }
        small.sort(Comparator.comparingDouble((SweepTask t) -> -type.workOf(t)).thenComparingInt(SweepTask::index));
        return new Planner(List.copyOf(alone), List.copyOf(small), budget);
    }

    /**
     * Refuses (naming the first such task and what it needs) when some task cannot fit
     * {@code budget} bytes even alone.
     */
    public static void requireFits(TaskType<?> type, List<SweepTask> tasks, long budget) {
        for (SweepTask t : tasks) {
            long need = type.peakBytesOf(t);
            if (need > budget) {
                throw new UserError(String.format(Locale.ROOT, "%s needs about %s of heap but only %s is available to tasks (max heap %s); "
                        + "give the JVM more (NTK_JAVA_OPTS=-Xmx<size>, or a cluster node with more memory) or drop the task",
                        t.describe(), MemoryCheck.human(need), MemoryCheck.human(budget), MemoryCheck.human(Runtime.getRuntime().maxMemory())));
            }
        }
    }

    /**
     * Peak heap of running {@code tasks} with {@code threads} workers: the sum of the {@code threads}
     * largest estimates (what a job scheduler must grant).
     */
    public static long concurrentPeak(TaskType<?> type, List<SweepTask> tasks, int threads) {
        return tasks.stream().map(type::peakBytesOf).sorted(Comparator.reverseOrder()).limit(Math.max(1, threads))
                .mapToLong(Long::longValue).sum();
    }
}
