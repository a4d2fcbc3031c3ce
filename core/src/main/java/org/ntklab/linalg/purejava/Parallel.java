package org.ntklab.linalg.purejava;

import org.ntklab.runtime.ThreadBudget;

/**
 * How the pure-Java BLAS uses the thread budget. A public routine decides once, on entry, whether
 * it may go parallel ({@link #region}); if so its whole body runs as one task in the budget's pool
 * and forks inside it ({@link #forBlocks}), instead of paying a pool submission for every block
 * step. Internal routines receive that decision as a {@code par} flag and pass it down, so a
 * Cholesky or trsm can run its many gemm updates inside a single region.
 */
final class Parallel {

    /** Below this many flops a fork costs more than it saves. */
    static final double MIN_PARALLEL_FLOPS = 1e6;

    /** A routine body told whether it may fork. */
    @FunctionalInterface
    interface Body {
        void run(boolean par);
    }

    private Parallel() {
    }

    /**
     * Runs {@code body} in a parallel region when that is allowed and worth it: not already in a
     * parallel task (the budget rule: no nested parallelism), more than one thread, and at least
     * {@link #MIN_PARALLEL_FLOPS} of work. Otherwise runs it inline with {@code par = false}.
     */
    static void region(double flops, Body body) {
        if (flops >= MIN_PARALLEL_FLOPS && !ThreadBudget.inParallelTask() && ThreadBudget.threads() > 1) {
            ThreadBudget.invoke(() -> {
                body.run(true);
                return null;
            });
        } else {
            body.run(false);
        }
    }

    /**
     * Runs {@code body} over [0, count) in blocks of {@code grain}, forked if {@code par} and the
     * step is worth {@code flops}. The blocks are the same whether they run forked or inline, so
     * results cannot depend on the thread count.
     */
    static void forBlocks(boolean par, double flops, int count, int grain, ThreadBudget.RangeBody body) {
        if (count <= 0) {
            return;
        }
        if (par && count > grain && flops >= MIN_PARALLEL_FLOPS) {
            ThreadBudget.parallelFor(0, count, grain, body);
        } else {
            for (int lo = 0; lo < count; lo += grain) {
                body.run(lo, Math.min(count, lo + grain));
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
