package org.ntklab.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param records     the recorded states, in time order (t = 0 first)
 * @param lr          the step used
 * @param lambdaMax   λ_max of the empirical NTK at initialisation when the step was derived from it, else NaN
 * @param steps       steps taken
 * @param trainOutput f(x_i) on the training points at the end (N × k, column-major)
 * @param testOutput  f on the test points at the end (N_test × k), or {@code null}
 */
public record TrainingResult(List<TrainingRecord> records, double lr, double lambdaMax, long steps, double[] trainOutput,
                             double[] testOutput) {

    /** The last record. */
    public TrainingRecord last() {
        return records.get(records.size() - 1);
    }
}
