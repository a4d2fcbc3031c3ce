package org.ntklab.train;

/** Training stopped because the loss became non-finite or grew by the divergence factor. */
public final class TrainingDivergedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The step at which it was detected. */
    private final long step;

    /** A divergence at {@code step}, explained by {@code message}. */
    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step at which divergence was detected. */
    public long step() {
        return step;
    }
}
