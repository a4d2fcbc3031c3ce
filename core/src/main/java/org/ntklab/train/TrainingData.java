package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Training and test data. Test parts may be {@code null}.
 *
 * @param x          training points (one row per point)
 * @param y          training labels
 * @param xTest      test points
 * @param yTest      test labels (possibly noisy)
 * @param targetTest the noiseless target f*(x) at the test points
 */
public record TrainingData(Matrix x, double[] y, Matrix xTest, double[] yTest, double[] targetTest) {

    /** Validates sizes and finiteness, naming the problem. */
    public TrainingData {
        if (y.length != x.rows()) {
            throw new IllegalArgumentException("labels count " + y.length + " ≠ number of points " + x.rows());
        }
        finite(y, "labels");
        if (xTest != null) {
            if (xTest.cols() != x.cols()) {
                throw new IllegalArgumentException("test points have " + xTest.cols() + " columns, training points " + x.cols());
            }
            if (yTest != null && yTest.length != xTest.rows()) {
                throw new IllegalArgumentException("test labels count " + yTest.length + " ≠ number of test points " + xTest.rows());
            }
            if (targetTest != null && targetTest.length != xTest.rows()) {
                throw new IllegalArgumentException("target count " + targetTest.length + " ≠ number of test points " + xTest.rows());
            }
            finite(yTest, "test labels");
            finite(targetTest, "target values");
        }
    }

    /** Training data only. */
    public static TrainingData of(Matrix x, double[] y) {
        return new TrainingData(x, y, null, null, null);
    }

    private static void finite(double[] v, String what) {
        if (v == null) {
            return;
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("entry " + i + " of the " + what + " is " + v[i] + ": values must be finite");
            }
        }
    }
}
