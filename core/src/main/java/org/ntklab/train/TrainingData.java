package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Training and test data, for a network with {@code outputs} output units. Label arrays hold one
 * value per point and output, column-major (label (i, a) at i + a·N), the layout of a network's
 * outputs. Test parts may be {@code null}.
 *
 * @param x          training points (one row per point)
 * @param y          training labels (N × k)
 * @param xTest      test points
 * @param yTest      test labels (possibly noisy; N_test × k)
 * @param targetTest the noiseless target f*(x) at the test points (N_test × k)
 * @param outputs    k, the number of outputs (label columns)
 */
public record TrainingData(Matrix x, double[] y, Matrix xTest, double[] yTest, double[] targetTest, int outputs) {

    /** Validates sizes and finiteness, naming the problem. */
    public TrainingData {
        if (outputs < 1) {
            throw new IllegalArgumentException("need at least one output, got " + outputs);
        }
        if (y.length != (long) x.rows() * outputs) {
            throw new IllegalArgumentException(mismatch("labels", y.length, "points", x.rows(), outputs));
        }
        finite(y, "labels");
        if (xTest != null) {
            if (xTest.cols() != x.cols()) {
                throw new IllegalArgumentException("test points have " + xTest.cols() + " columns, training points " + x.cols());
            }
            if (yTest != null && yTest.length != (long) xTest.rows() * outputs) {
                throw new IllegalArgumentException(mismatch("test labels", yTest.length, "test points", xTest.rows(), outputs));
            }
            if (targetTest != null && targetTest.length != (long) xTest.rows() * outputs) {
                throw new IllegalArgumentException(mismatch("target", targetTest.length, "test points", xTest.rows(), outputs));
            }
            finite(yTest, "test labels");
            finite(targetTest, "target values");
        }
    }

    /** Scalar-output data (k = 1). */
    public TrainingData(Matrix x, double[] y, Matrix xTest, double[] yTest, double[] targetTest) {
        this(x, y, xTest, yTest, targetTest, 1);
    }

    /**
     * Data with k = {@code y.cols()} outputs: one row per point, one column per output (the test
     * matrices may be {@code null} and must have as many columns as {@code y}).
     */
    public static TrainingData of(Matrix x, Matrix y, Matrix xTest, Matrix yTest, Matrix targetTest) {
        int k = y.cols();
        return new TrainingData(x, y.data(), xTest, columns(yTest, k, "test labels"), columns(targetTest, k, "target values"), k);
    }

    /** Training data only (scalar output). */
    public static TrainingData of(Matrix x, double[] y) {
        return new TrainingData(x, y, null, null, null);
    }

    /** The same training set without its test parts. */
    public TrainingData withoutTest() {
        return new TrainingData(x, y, null, null, null, outputs);
    }

    private static double[] columns(Matrix m, int k, String what) {
        if (m == null) {
            return null;
        }
        if (m.cols() != k) {
            throw new IllegalArgumentException("the " + what + " have " + m.cols() + " columns but the labels have " + k);
        }
        return m.data();
    }

    private static String mismatch(String what, int length, String points, int rows, int outputs) {
        return what + " count " + length + " ≠ " + (outputs == 1 ? "number of " + points + " " + rows
                : rows + " " + points + " × " + outputs + " outputs");
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
