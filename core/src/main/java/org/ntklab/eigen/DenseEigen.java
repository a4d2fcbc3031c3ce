package org.ntklab.eigen;

import org.ntklab.linalg.Matrix;

/**
 * Extreme eigenvalues of a dense symmetric matrix (a Gram matrix that fits in memory) without an
 * O(n³) tridiagonalisation: λ_max by Lanczos on K, λ_min by shift-invert Lanczos on Cholesky
 * factors of K − σI ({@link ShiftInvert}), and a certified bracket for λ_min.
 */
public final class DenseEigen {

    private DenseEigen() {
    }

    /** λ_max by thick-restart Lanczos on v ↦ Kv (O(n²) per step). */
    public static EigenEstimate lambdaMax(Matrix k, EigenOptions o) {
        SymmetricInput in = SymmetricInput.of(k, "the matrix");
        return Extremes.run(new DenseOperator(in), Lanczos.Which.LARGEST, o, "Lanczos on the dense matrix");
    }

    /** λ_min by shift-invert Lanczos (Cholesky of K − σI, refined shifts): an estimate with its residual. */
    public static EigenEstimate lambdaMin(Matrix k, EigenOptions o) {
        return lambdaMin(SymmetricInput.of(k, "the matrix"), o);
    }

    /**
     * A certified bracket lower ≤ λ_min ≤ upper (see {@link CertifiedBracket} and
     * {@link CholeskyCertificate}); works for indefinite matrices too (then upper &lt; 0 proves it).
     */
    public static CertifiedBracket certifyLambdaMin(Matrix k, EigenOptions o) {
        return certifyLambdaMin(SymmetricInput.of(k, "the matrix"), o);
    }

    /** λ_min of an already checked matrix (avoids checking twice). */
    public static EigenEstimate lambdaMin(SymmetricInput k, EigenOptions o) {
        if (isZero(k)) {
            return new EigenEstimate(0.0, 0.0, unit(k.size()), 0, 0, 0, Double.NaN, true, ZERO, 0.0);
        }
        return new ShiftInvert(k, o).estimate();
    }

    /** What the methods answer for the zero matrix. */
    static final String ZERO = "exact: the matrix is zero, so every eigenvalue is 0";

    /**
     * Whether K = 0. Shift-invert has no scale to step its shift by there, and the answer needs no
     * iteration: every eigenvalue is 0. The entries are scanned only when the (rounded-up) norm bound
     * is already below the smallest normal number.
     */
    private static boolean isZero(SymmetricInput k) {
        if (k.normBound() > Double.MIN_NORMAL) {
            return false;
        }
        for (double v : k.matrix().data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** e₁: an eigenvector of the zero matrix. */
    private static double[] unit(int n) {
        double[] e = new double[n];
        e[0] = 1;
        return e;
    }

    /** The certified bracket of an already checked matrix. */
    public static CertifiedBracket certifyLambdaMin(SymmetricInput k, EigenOptions o) {
        if (isZero(k)) {
            return new CertifiedBracket(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, true, unit(k.size()), 0.0, CertifiedBracket.Proof.EXACT);
        }
        if (GapCertificate.applies(k)) {
            CertifiedBracket b = GapCertificate.certify(k, o);
            if (b != null) {
                return b;
            }
        }
        return new ShiftInvert(k, o).certify();
    }

    /** λ_max of an already checked matrix. */
    public static EigenEstimate lambdaMax(SymmetricInput k, EigenOptions o) {
        return Extremes.run(new DenseOperator(k), Lanczos.Which.LARGEST, o, "Lanczos on the dense matrix");
    }
}
