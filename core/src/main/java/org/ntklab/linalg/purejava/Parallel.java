package org.ntklab.linalg.purejava;

import org.ntklab.linalg.ThreadBudget;

/** Splits BLAS work over the thread budget, or runs it inline when that is not allowed or not worth it. */
final class Parallel {

    /** Below this many flops a fork-join round trip costs more than it saves. */
    static final double MIN_PARALLEL_FLOPS = 2e6;

    private Parallel() {
    }

    /**
     * Runs {@code body} over [0, count) in blocks of {@code grain}. The blocks are the same whether
     * they run in parallel or inline, so results cannot depend on the thread count. Runs inline
     * inside a parallel task (the budget rule: no nested parallelism), on a one-thread budget, or
     * when {@code flops} is too small to pay for the fork.
     */
    static void forBlocks(int count, int grain, double flops, ThreadBudget.RangeBody body) {
        if (count <= 0) {
            return;
        }
        if (count <= grain || flops < MIN_PARALLEL_FLOPS || ThreadBudget.inParallelTask()
                || ThreadBudget.threads() == 1) {
            for (int lo = 0; lo < count; lo += grain) {
                body.run(lo, Math.min(count, lo + grain));
            }
        } else {
            ThreadBudget.parallelFor(0, count, grain, body);
        }
    }

    /** True when a call doing {@code flops} may split itself over threads. */
    static boolean allowed(double flops) {
        return flops >= MIN_PARALLEL_FLOPS && !ThreadBudget.inParallelTask() && ThreadBudget.threads() > 1;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
