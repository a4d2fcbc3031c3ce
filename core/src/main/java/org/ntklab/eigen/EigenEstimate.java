package org.ntklab.eigen;

/**
 * An eigenvalue estimate from Lanczos or Davidson, with what its residual guarantees: for the unit vector x and
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
 * @param recentChange   relative decrease of the Ritz value over the last quarter of the steps,
 *                       (θ_{3k/4} − θ_k)/|θ_k| (NaN where not tracked): how far the value was still
 *                       moving when the run stopped, a convergence indicator and not a bound
 * @param errorEstimate  the Kato–Temple estimate r²/(θ₂ − θ) of the value's error, with θ₂ the next
 *                       Ritz value (NaN where not computed): an estimate, since θ₂ only
 *                       approximates λ₂ from above, and what {@link SingleFactorEigen} stops on
 */
public record EigenEstimate(double value, double residual, double[] vector, int iterations, int restarts, int factorisations,
                            double shift, boolean converged, String method, double seconds, double recentChange,
                            double errorEstimate) {

    /** An estimate with its recent change but no error estimate. */
    public EigenEstimate(double value, double residual, double[] vector, int iterations, int restarts, int factorisations,
                         double shift, boolean converged, String method, double seconds, double recentChange) {
        this(value, residual, vector, iterations, restarts, factorisations, shift, converged, method, seconds, recentChange,
                Double.NaN);
    }

    /** An estimate whose history was not tracked. */
    public EigenEstimate(double value, double residual, double[] vector, int iterations, int restarts, int factorisations,
                         double shift, boolean converged, String method, double seconds) {
        this(value, residual, vector, iterations, restarts, factorisations, shift, converged, method, seconds, Double.NaN);
    }

    /** θ − r: the lower end of the interval where some eigenvalue lies. */
    public double low() {
        return value - residual;
    }

    /** θ + r: the upper end of the interval where some eigenvalue lies. */
    public double high() {
        return value + residual;
    }
}
