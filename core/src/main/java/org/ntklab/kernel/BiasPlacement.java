package org.ntklab.kernel;

/** Which layers have a bias. */
public enum BiasPlacement {
    /** No biases. */
    NONE,
    /** Only the first layer (as in the {@code chen-li-lin} preset). */
    FIRST,
    /** Every layer, the output layer included (as in the {@code jacot} preset). */
    ALL
}
