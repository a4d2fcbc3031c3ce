package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Predictions of kernel gradient flow over a grid of times: column j of each matrix holds the
 * predictions at {@code times[j]}.
 *
 * @param times the times (t ≥ 0 or +∞), as given
 * @param train f_t(X), n × (number of times)
 * @param test  f_t(X*), m × (number of times); m = 0 without test points
 */
public record FlowPredictions(double[] times, Matrix train, Matrix test) {

    /** Copies the times, so the record does not share the caller's array. */
    public FlowPredictions {
        times = times.clone();
    }

    /** The times (a copy). */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** f_t(X) at {@code times[j]}. */
    public double[] trainAt(int j) {
        return column(train, j);
    }

    /** f_t(X*) at {@code times[j]}. */
    public double[] testAt(int j) {
        return column(test, j);
    }

    static double[] column(Matrix m, int j) {
        double[] c = new double[m.rows()];
        System.arraycopy(m.data(), j * m.rows(), c, 0, m.rows());
        return c;
    }
}
