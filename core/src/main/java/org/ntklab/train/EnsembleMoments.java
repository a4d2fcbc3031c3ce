package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Mean and per-point variance of the outputs of an infinite ensemble of infinitely wide networks
 * trained by gradient flow, over a grid of times: column j of each matrix belongs to {@code times[j]}.
 *
 * @param times         the times (t ≥ 0 or +∞), as given
 * @param trainMean     E f_t(X), n × (number of times)
 * @param trainVariance Var f_t(x_i), n × (number of times)
 * @param testMean      E f_t(X*), m × (number of times); m = 0 without test points
 * @param testVariance  Var f_t(x*_i), m × (number of times)
 */
public record EnsembleMoments(double[] times, Matrix trainMean, Matrix trainVariance, Matrix testMean, Matrix testVariance) {

    /** Copies the times, so the record does not share the caller's array. */
    public EnsembleMoments {
        times = times.clone();
    }

    /** The times (a copy). */
    @Override
    public double[] times() {
        return times.clone();
    }
}
