package org.ntklab.eigen;

/**
 * A certified bracket lower ≤ λ_min(K) ≤ upper of a dense symmetric matrix. {@code upper} is a
 * rigorous upper bound of the Rayleigh quotient of a Ritz vector ({@link RayleighEnclosure});
 * {@code lower} is proved either ({@link Proof#CHOLESKY}) by a successful floating-point Cholesky of
 * K − shift·I with an explicit rounding margin ({@link CholeskyCertificate}): lower = shift − margin,
 * or ({@link Proof#TEMPLE}) by Temple's inequality, with λ₂ ≥ shift − margin proved by a Cholesky of
 * a deflated matrix ({@link GapCertificate}). Both hold whatever the convergence; convergence only
 * makes the bracket narrow.
 *
 * @param lower          proved lower bound of λ_min
 * @param upper          proved upper bound of λ_min
 * @param value          the best estimate (Rayleigh quotient of the final Ritz vector)
 * @param residual       ‖Kx − θx‖ of the final unit Ritz vector
 * @param shift          the shift s of the certifying factorisation
 * @param margin         the rounding margin m of that factorisation (lower = s − m for CHOLESKY)
 * @param iterations     linear solves of shift-invert Lanczos
 * @param factorisations Cholesky factorisations, failed attempts included
 * @param converged      whether the Lanczos tolerance was met within the budgets
 * @param vector         the final unit Ritz vector
 * @param seconds        wall time
 * @param proof          how {@code lower} is proved
 */
public record CertifiedBracket(double lower, double upper, double value, double residual, double shift, double margin,
                               int iterations, int factorisations, boolean converged, double[] vector, double seconds,
                               Proof proof) {

    /** How the lower end of the bracket is proved. */
    public enum Proof {
        /** A Cholesky factorisation of K − shift·I: lower = shift − margin. */
        CHOLESKY,
        /** Temple's inequality with a gap λ₂ ≥ shift − margin proved by a deflated Cholesky factorisation. */
        TEMPLE,
        /** None needed: the matrix is zero, so every eigenvalue is exactly 0. */
        EXACT
    }

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
