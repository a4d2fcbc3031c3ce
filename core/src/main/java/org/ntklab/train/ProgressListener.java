package org.ntklab.train;

/** Told how far a long computation has got; the command line shows it as a progress bar. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} units finished. */
    void progress(long done, long total);
}
