package org.ntklab.eigen;

/** The constants of floating-point error analysis (IEEE double, rounding to nearest). */
final class Rounding {

    /** The unit roundoff u = 2⁻⁵³. */
    static final double U = 0x1p-53;

    private Rounding() {
    }

    /**
     * γ_k = k u / (1 − k u), the bound of k successive roundings (Higham, Accuracy and Stability of
     * Numerical Algorithms, §3.1), rounded up.
     */
    static double gamma(long k) {
        double ku = k * U;
        if (ku >= 0.5) {
            throw new IllegalArgumentException("n = " + k + " is too large for the rounding-error bounds");
        }
        return Math.nextUp(Math.nextUp(ku) / Math.nextDown(1 - ku));
    }
}
