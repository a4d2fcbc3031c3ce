package org.ntklab.tools.output;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ntklab.train.ProgressListener;

/**
 * A progress bar with ETA on the terminal (stderr), silent when output is not a terminal or the
 * CI variable is set, so pipes and logs stay clean.
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {

    private final String task;
    private ProgressBar bar;

    /** A bar labelled {@code task}, shown once the first progress arrives. */
    public TerminalProgress(String task) {
        this.task = task;
    }

    /** True when progress should be shown: an interactive terminal and not CI. */
    public static boolean enabled() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (!enabled() || total <= 0) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
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
}
