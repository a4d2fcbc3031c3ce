package org.ntklab.train;

/**
 * The early-stopping rule of Bombari et al.'s memorisation experiment (seed 002): the loss is
 * averaged over consecutive blocks of {@code window} steps, and training stops at the end of the
 * first block whose average is larger than the previous block's. Averaging over a block, rather
 * than comparing single steps, ignores Adam's step-to-step oscillations; the rule fires once the
 * loss has stopped decreasing on the scale of a block.
 */
public final class EarlyStopping {

    private final int window;
    private double sum;
    private int inBlock;
    private double previous = Double.NaN;

    /** A rule over blocks of {@code window} ≥ 1 steps. */
    public EarlyStopping(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the early-stopping window must be ≥ 1 step, got " + window);
        }
        this.window = window;
    }

    /** Takes one step's loss; true when training should stop here (a block just ended with a larger average). */
    public boolean offer(double loss) {
        sum += loss;
        if (++inBlock < window) {
            return false;
        }
        double average = sum / window;
        sum = 0;
        inBlock = 0;
        boolean rose = average > previous; // false for the first block (NaN)
        previous = average;
        return rose;
    }
}
