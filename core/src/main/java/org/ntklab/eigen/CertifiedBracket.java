package org.ntklab.eigen;

/**
 * A certified bracket lower ≤ λ_min(K) ≤ upper of a dense symmetric matrix. {@code lower} is proved
 * by a successful floating-point Cholesky of K − shift·I with an explicit rounding margin
 * ({@link CholeskyCertificate}); {@code upper} is a rigorous upper bound of the Rayleigh quotient of
 * a Ritz vector ({@link RayleighEnclosure}). Both hold whatever the convergence; convergence only
 * makes the bracket narrow.
 *
 * @param lower          proved lower bound of λ_min
 * @param upper          proved upper bound of λ_min
 * @param value          the best estimate (Rayleigh quotient of the final Ritz vector)
 * @param residual       ‖Kx − θx‖ of the final unit Ritz vector
 * @param shift          the shift s of the certifying factorisation
 * @param margin         the rounding margin m: lower = s − m
 * @param iterations     linear solves of shift-invert Lanczos
 * @param factorisations Cholesky factorisations, failed attempts included
 * @param converged      whether the Lanczos tolerance was met within the budgets
 * @param vector         the final unit Ritz vector
 * @param seconds        wall time
 */
public record CertifiedBracket(double lower, double upper, double value, double residual, double shift, double margin,
                               int iterations, int factorisations, boolean converged, double[] vector, double seconds) {

    /** (upper − lower) / max(|lower|, |upper|): the relative width. */
    public double relativeWidth() {
        double s = Math.max(Math.abs(lower), Math.abs(upper));
        return s == 0 ? 0 : (upper - lower) / s;
    }

    /** True when λ_min ≥ 0 is proved. */
    public boolean provesPositiveSemidefinite() {
        return lower >= 0;
    }

    /** True when λ_min &lt; 0 is proved. */
    public boolean provesIndefinite() {
        return upper < 0;
    }
}
