package org.ntklab.eigen;

/** Told how far a long eigenvalue iteration has got; the command line shows it as a progress bar. */
@FunctionalInterface
public interface EigenProgress {

    /** A listener that ignores everything. */
    EigenProgress NONE = (done, total, value, residual) -> { };

    /**
     * {@code done} of {@code total} budget units used (operator products, or milliseconds when a
     * time budget is the binding one), with the current estimate and its residual.
     */
    void update(long done, long total, double value, double residual);
}
