package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Draws of a Gaussian-process prior on the train and test points: column j of both matrices is
 * the same joint draw.
 *
 * @param train f(X), n × (number of draws)
 * @param test  f(X*), m × (number of draws); m = 0 without test points
 */
public record PriorDraws(Matrix train, Matrix test) {

    /** Draw j on the training points. */
    public double[] trainAt(int j) {
        return FlowPredictions.column(train, j);
    }

    /** Draw j on the test points. */
    public double[] testAt(int j) {
        return FlowPredictions.column(test, j);
    }
}
