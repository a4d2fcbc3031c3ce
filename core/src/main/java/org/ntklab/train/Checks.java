package org.ntklab.train;

import org.ntklab.linalg.Matrix;

/**
 * Input checks shared by the training classes: each failure is an {@link IllegalArgumentException}
 * whose one-line message names the argument and what is wrong with it.
 */
final class Checks {

    /**
     * Largest asymmetry |A_ij − A_ji| accepted, relative to max|A|. The routines read one triangle
     * only, so a matrix that is far from symmetric would be silently replaced by another one; a
     * symmetric matrix assembled by a different library may still differ from its transpose in
     * the last bits.
     */
    static final double SYMMETRY_TOLERANCE = 1e-10;

    private Checks() {
    }

    static void notNull(Object o, String name) {
        if (o == null) {
            throw new IllegalArgumentException(name + " is missing (null)");
        }
    }

    static void finite(double[] v, String name) {
        notNull(v, name);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i] + ": values must be finite");
            }
        }
    }

    static void finite(Matrix m, String name) {
        notNull(m, name);
        double[] d = m.data();
        for (int k = 0; k < d.length; k++) {
            if (!Double.isFinite(d[k])) {
                throw new IllegalArgumentException(name + " entry (" + k % m.rows() + ", " + k / m.rows() + ") is " + d[k]
                        + ": entries must be finite");
            }
        }
    }

    /** A finite, square matrix equal to its transpose within {@link #SYMMETRY_TOLERANCE}. */
    static void symmetric(Matrix m, String name) {
        notNull(m, name);
        if (m.rows() != m.cols()) {
            throw new IllegalArgumentException(name + " must be square, got " + m.rows() + "×" + m.cols());
        }
        finite(m, name);
        double tol = SYMMETRY_TOLERANCE * m.maxAbs();
        int n = m.rows();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                if (Math.abs(m.get(i, j) - m.get(j, i)) > tol) {
                    throw new IllegalArgumentException(name + " is not symmetric: entry (" + i + ", " + j + ") = " + m.get(i, j)
                            + " but (" + j + ", " + i + ") = " + m.get(j, i));
                }
            }
        }
    }

    static void shape(Matrix m, int rows, int cols, String name, String expected) {
        notNull(m, name);
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(name + " is " + m.rows() + "×" + m.cols() + " but must be " + rows + "×" + cols
                    + " (" + expected + ")");
        }
    }

    /** v has n values; {@code expected} says why, e.g. "the kernel has 30 training points". */
    static void length(double[] v, int n, String name, String expected) {
        notNull(v, name);
        if (v.length != n) {
            throw new IllegalArgumentException(name + " has " + v.length + " values but " + expected);
        }
    }

    /** At least one time, each ≥ 0 or +∞. */
    static void times(double[] times) {
        notNull(times, "times");
        if (times.length == 0) {
            throw new IllegalArgumentException("no times given: need at least one t ≥ 0 (or +∞)");
        }
        for (int j = 0; j < times.length; j++) {
            time(times[j], "time t[" + j + "]");
        }
    }

    /** t ≥ 0 or +∞. */
    static void time(double t, String name) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException(name + " is NaN: times must be ≥ 0 or +∞");
        }
        if (t < 0) {
            throw new IllegalArgumentException(name + " = " + t + " is negative: times must be ≥ 0 or +∞");
        }
    }

    static void ridge(double ridge) {
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be finite and ≥ 0, got " + ridge);
        }
    }
}
