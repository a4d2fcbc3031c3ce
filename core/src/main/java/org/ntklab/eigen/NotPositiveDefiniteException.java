package org.ntklab.eigen;

/**
 * A Cholesky factorisation was asked of a matrix that is not positive definite. Carries the
 * negative (or too small) eigenvalue found: the Rayleigh quotient of the direction where the
 * factorisation broke down, an upper bound of λ_min.
 */
public final class NotPositiveDefiniteException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The Rayleigh quotient of the breakdown direction, an upper bound of λ_min. */
    private final double rayleighQuotient;
    /** The order of the leading block whose factorisation failed. */
    private final int order;

    /** The leading block of order {@code order} failed; {@code rayleighQuotient} ≥ λ_min was found. */
    public NotPositiveDefiniteException(String message, int order, double rayleighQuotient) {
        super(message);
        this.order = order;
        this.rayleighQuotient = rayleighQuotient;
    }

    /** The Rayleigh quotient of the breakdown direction: λ_min of the matrix is at most this. */
    public double rayleighQuotient() {
        return rayleighQuotient;
    }

    /** The order of the leading block that is not positive definite. */
    public int order() {
        return order;
    }
}
