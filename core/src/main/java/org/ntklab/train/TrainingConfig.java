package org.ntklab.train;

/**
 * What to train for and what to record.
 *
 * @param optimizer         update rule and step
 * @param time              continuous time T = η · steps to train for
 * @param meanLoss          loss 1/(2n) Σ (f − y)² (true, seed 001) or the unnormalised ½ Σ (f − y)² (the du preset)
 * @param batchSize         mini-batch size for SGD (ignored otherwise)
 * @param seed              seed of the SGD batches
 * @param records           number of log-spaced recording times (plus t = 0)
 * @param driftPoints       train points on which ‖K_t − K_0‖_F / ‖K_0‖_F is measured (0: not measured)
 * @param divergenceFactor  stop when the loss exceeds this multiple of its initial value (or is not finite)
 * @param earlyStopWindow   0: train for the whole time; else stop when the loss averaged over a block of this
 *                          many steps rises above the previous block's ({@link EarlyStopping})
 */
public record TrainingConfig(OptimizerSpec optimizer, double time, boolean meanLoss, int batchSize, long seed, int records,
                             int driftPoints, double divergenceFactor, int earlyStopWindow) {

    /** Validates. */
    public TrainingConfig {
        if (!(time >= 0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("training time must be finite and ≥ 0, got " + time);
        }
        if (records < 1 || driftPoints < 0 || batchSize < 0 || earlyStopWindow < 0) {
            throw new IllegalArgumentException("records must be ≥ 1, drift points, batch size and early-stopping window ≥ 0");
        }
    }

    /** Full-batch gradient descent for time T, mean loss, 40 records, drift on up to 256 points. */
    public static TrainingConfig gradientFlow(double time, double lr) {
        return new TrainingConfig(OptimizerSpec.gd(lr), time, true, 0, 0, 40, 256, 1e6, 0);
    }

    /** The same with another optimizer. */
    public TrainingConfig withOptimizer(OptimizerSpec o) {
        return new TrainingConfig(o, time, meanLoss, batchSize, seed, records, driftPoints, divergenceFactor, earlyStopWindow);
    }

    /** The same with another time. */
    public TrainingConfig withTime(double t) {
        return new TrainingConfig(optimizer, t, meanLoss, batchSize, seed, records, driftPoints, divergenceFactor, earlyStopWindow);
    }

    /** The same with the loss normalisation given. */
    public TrainingConfig withMeanLoss(boolean mean) {
        return new TrainingConfig(optimizer, time, mean, batchSize, seed, records, driftPoints, divergenceFactor, earlyStopWindow);
    }

    /** The same with a mini-batch size (for SGD). */
    public TrainingConfig withBatch(int size, long batchSeed) {
        return new TrainingConfig(optimizer, time, meanLoss, size, batchSeed, records, driftPoints, divergenceFactor, earlyStopWindow);
    }

    /** The same with other recording settings. */
    public TrainingConfig withRecords(int count, int drift) {
        return new TrainingConfig(optimizer, time, meanLoss, batchSize, seed, count, drift, divergenceFactor, earlyStopWindow);
    }

    /** The same with early stopping over blocks of {@code window} steps (0: off). */
    public TrainingConfig withEarlyStop(int window) {
        return new TrainingConfig(optimizer, time, meanLoss, batchSize, seed, records, driftPoints, divergenceFactor, window);
    }
}
