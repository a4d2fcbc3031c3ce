package org.ntklab.tools.output;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ntklab.train.ProgressListener;

/**
 * A progress bar with ETA on stderr, shown whenever stderr is a {@link Terminal} (so
 * {@code ntk gram ... > log} still shows it) and silent otherwise, so pipes, logs and CI stay clean.
 * The bar is erased when the work ends, so the result line that follows is never mixed with it.
 * The ETA is the library's linear one over the expected work: callers pass the work they expect
 * (the steps to the training time, not a step cap), and iterative solvers report
 * {@link #converging} so that the ETA follows the residual towards the tolerance.
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {

    /** Units of a convergence bar: one per 0.1 % of the way, in log residual, to the tolerance. */
    private static final long CONVERGENCE_UNITS = 1000;

    private final String task;
    private final boolean enabled = enabled();
    private ProgressBar bar;
    private double firstResidual = Double.NaN;

    /** A bar labelled {@code task}, shown once the first progress arrives. */
    public TerminalProgress(String task) {
        this.task = task;
    }

    /** True when progress should be shown: stderr is a terminal (and not CI; see {@link Terminal}). */
    public static boolean enabled() {
        return Terminal.stderr();
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new ErasableLine(System.err)).clearDisplayOnFinish().build();
        }
        bar.maxHint(total);
        bar.stepTo(Math.min(done, total));
    }

    /**
     * Progress of an iterative solver whose residual falls towards {@code tolerance}: the way done
     * is log(r₀/r) / log(r₀/tol), the expected work, since the iteration cap is rarely reached.
     */
    public synchronized void converging(double residual, double tolerance) {
        if (!(residual > 0) || !(tolerance > 0)) {
            return;
        }
        if (Double.isNaN(firstResidual)) {
            firstResidual = residual;
        }
        double way = firstResidual <= tolerance ? 1 : Math.log(firstResidual / residual) / Math.log(firstResidual / tolerance);
        progress(Math.round(CONVERGENCE_UNITS * Math.max(0, Math.min(1, way))), CONVERGENCE_UNITS);
    }

    /** A short text shown after the bar (e.g. completed and failed counts). */
    public synchronized void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** The console line of the bar, blanked on finish instead of ended with a newline. */
    private static final class ErasableLine extends ConsoleProgressBarConsumer {

        private final PrintStream err;

        ErasableLine(PrintStream err) {
            super(err);
            this.err = err;
        }

        @Override
        public void clear() {
            err.print('\r' + " ".repeat(Math.max(0, getMaxRenderedLength())) + '\r');
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
