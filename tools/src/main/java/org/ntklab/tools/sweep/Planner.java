package org.ntklab.tools.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.tools.UserError;

/**
 * Decides how a sweep's tasks share the thread budget and the heap.
 *
 * <p>With T threads, a task runs <b>alone with all T threads</b> (BLAS multi-threaded, the kernels'
 * parallel loops over the pool) when T copies of it would not fit the heap together, or when it
 * alone carries more than 1/(2T) of the sweep's work (run single-threaded, it would finish long
 * after the rest: the tail). Every other task is <b>small</b>: T of them run at once, one per
 * worker, each with single-threaded BLAS (the budget rule). Small tasks are grouped into batches
 * in which any T of them fit the heap together (the sum of the batch's T largest estimates is
 * within the budget), so concurrency never exceeds memory. Largest work first within a batch,
 * which keeps the workers evenly loaded to the end.
 *
 * @param alone   tasks to run one at a time with all threads
 * @param batches batches of small tasks, each run with T concurrent workers
 * @param budget  the heap budget planned against, in bytes
 */
public record Planner(List<SweepTask> alone, List<List<SweepTask>> batches, long budget) {

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
        List<List<SweepTask>> batches = new ArrayList<>();
        List<SweepTask> batch = new ArrayList<>();
        PriorityQueue<Long> largest = new PriorityQueue<>(); // the batch's T largest estimates (min-heap)
        long sum = 0;
        for (SweepTask t : small) {
            long need = type.peakBytesOf(t);
            long add = largest.size() < threads ? need : Math.max(0, need - largest.peek());
            if (!batch.isEmpty() && sum + add > budget) {
                batches.add(batch);
                batch = new ArrayList<>();
                largest.clear();
                sum = 0;
            }
            batch.add(t);
            largest.add(need);
            sum += need;
            if (largest.size() > threads) {
                sum -= largest.poll();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return new Planner(List.copyOf(alone), List.copyOf(batches), budget);
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
