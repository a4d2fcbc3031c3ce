package org.ntklab.tools.experiment;

/** A spec that checks its own values (sizes, ranges) before any work starts. */
public interface ExperimentSpec {

    /**
     * Throws {@link IllegalArgumentException} naming the offending key when a value is impossible.
     */
    void validate();

    /** Requires {@code ok}, else fails naming {@code key}. */
    static void require(boolean ok, String key, String what) {
        if (!ok) {
            throw new IllegalArgumentException("spec key '" + key + "': " + what);
        }
    }
}
