package org.ntklab.tools.experiment;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;

/**
 * Independent units of an experiment (evaluations, trainings) run as tasks of the one pool under
 * the thread budget: each unit's BLAS is single-threaded inside its task, one unit per worker.
 *
 * <p>Units compute on the pure-Java engine ({@link Backends#onJavaEngine}) whatever the process's
 * backend: their results (trainings of hundreds of epochs, eigenvalue brackets at rounding level)
 * are then the same on every backend (and on the reference machine the Java GEMM is the faster one).
 */
final class PoolTasks {

    /** What a run's meta.json says about where its units computed. */
    static final String ENGINE_NOTE = "every unit on the pure-Java engine, whatever the backend (results are backend-independent)";

    private PoolTasks() {
    }

    /**
     * Runs {@code body} for 0 … count−1, costliest first (so that the last units to start are short
     * ones), one worker loop per thread taking the next unit. Each unit must write its own result
     * slot: what a unit computes never depends on which worker ran it or when.
     */
    static void run(int count, IntToDoubleFunction cost, IntConsumer body) {
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(cost.applyAsDouble(b), cost.applyAsDouble(a)));
        AtomicInteger next = new AtomicInteger();
        // invoke() always enters the pool (or runs inline with one thread), so BLAS is single-threaded
        // in every unit whatever the budget
        Backends.onJavaEngine(() -> ThreadBudget.invoke(() -> {
            ThreadBudget.parallelFor(0, ThreadBudget.threads(), 1, (a, b) -> {
                for (int k; (k = next.getAndIncrement()) < count; ) {
                    body.accept(order[k]);
                }
            });
            return null;
        }));
    }
}
