package org.ntklab.eigen;

/**
 * An eigenvalue estimate from Lanczos, with what its residual guarantees: for the unit vector x and
 * r = ‖Kx − θx‖, some eigenvalue of K lies in [θ − r, θ + r] (exactly so for the exact residual;
 * r is recomputed explicitly, so rounding of order u‖K‖ remains). For λ_min, θ ≥ λ_min (θ is a
 * Rayleigh quotient up to rounding); for λ_max, θ ≤ λ_max. Which eigenvalue lies within r is not
 * guaranteed: only a certified bracket ({@link CertifiedBracket}) says that of λ_min.
 *
 * @param value          the Ritz value θ
 * @param residual       the explicit residual norm ‖Kx − θx‖ of the unit Ritz vector x
 * @param vector         the unit Ritz vector x
 * @param iterations     operator applications (for shift-invert: linear solves)
 * @param restarts       thick restarts
 * @param factorisations Cholesky factorisations (0 without shift-invert), failed attempts included
 * @param shift          the last shift of shift-invert (NaN without)
 * @param converged      whether the tolerance was met within the budgets
 * @param method         how it was computed
 * @param seconds        wall time
 */
public record EigenEstimate(double value, double residual, double[] vector, int iterations, int restarts, int factorisations,
                            double shift, boolean converged, String method, double seconds) {

    /** θ − r: the lower end of the interval where some eigenvalue lies. */
    public double low() {
        return value - residual;
    }

    /** θ + r: the upper end of the interval where some eigenvalue lies. */
    public double high() {
        return value + residual;
    }
}
