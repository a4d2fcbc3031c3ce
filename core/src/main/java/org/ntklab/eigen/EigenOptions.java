package org.ntklab.eigen;

/**
 * Settings of the extreme-eigenvalue routines.
 *
 * @param tol               relative accuracy asked of an eigenvalue (the residual criterion)
 * @param basis             Lanczos basis size (0: the routine's default)
 * @param maxMatvecs        budget of operator applications (solves for shift-invert)
 * @param maxSeconds        budget of wall time
 * @param seed              seed of the Lanczos start vector
 * @param maxFactorisations budget of Cholesky factorisations (dense λ_min; failed attempts count)
 * @param targetWidth       relative width of the certified λ_min bracket aimed at
 */
public record EigenOptions(double tol, int basis, int maxMatvecs, double maxSeconds, long seed, int maxFactorisations,
                           double targetWidth) {

    /** Checks the settings. */
    public EigenOptions {
        if (!(tol > 0) || !(tol < 1)) {
            throw new IllegalArgumentException("the tolerance must be in (0, 1), got " + tol);
        }
        if (basis != 0 && basis < 3) {
            throw new IllegalArgumentException("the Lanczos basis must be at least 3, got " + basis);
        }
        if (maxMatvecs < 1) {
            throw new IllegalArgumentException("the iteration budget must be positive, got " + maxMatvecs);
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("the time budget must be positive, got " + maxSeconds);
        }
        if (maxFactorisations < 2) {
            throw new IllegalArgumentException("at least 2 factorisations must be allowed, got " + maxFactorisations);
        }
        if (!(targetWidth > 0)) {
            throw new IllegalArgumentException("the target width must be positive, got " + targetWidth);
        }
    }

    /** Tolerance 1e-11, default basis, 5000 iterations, no time limit, seed 1, 6 factorisations, width 1e-8. */
    public static EigenOptions defaults() {
        return new EigenOptions(1e-11, 0, 5000, Double.POSITIVE_INFINITY, 1, 6, 1e-8);
    }

    /** With another tolerance. */
    public EigenOptions withTol(double t) {
        return new EigenOptions(t, basis, maxMatvecs, maxSeconds, seed, maxFactorisations, targetWidth);
    }

    /** With another basis size. */
    public EigenOptions withBasis(int b) {
        return new EigenOptions(tol, b, maxMatvecs, maxSeconds, seed, maxFactorisations, targetWidth);
    }

    /** With another iteration budget. */
    public EigenOptions withMaxMatvecs(int m) {
        return new EigenOptions(tol, basis, m, maxSeconds, seed, maxFactorisations, targetWidth);
    }

    /** With a time budget. */
    public EigenOptions withMaxSeconds(double s) {
        return new EigenOptions(tol, basis, maxMatvecs, s, seed, maxFactorisations, targetWidth);
    }

    /** With another start seed. */
    public EigenOptions withSeed(long s) {
        return new EigenOptions(tol, basis, maxMatvecs, maxSeconds, s, maxFactorisations, targetWidth);
    }

    /** With another factorisation budget. */
    public EigenOptions withMaxFactorisations(int f) {
        return new EigenOptions(tol, basis, maxMatvecs, maxSeconds, seed, f, targetWidth);
    }

    /** With another target width. */
    public EigenOptions withTargetWidth(double w) {
        return new EigenOptions(tol, basis, maxMatvecs, maxSeconds, seed, maxFactorisations, w);
    }

    int basisOr(int fallback) {
        return basis == 0 ? fallback : basis;
    }
}
