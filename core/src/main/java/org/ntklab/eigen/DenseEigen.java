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
        return new ShiftInvert(SymmetricInput.of(k, "the matrix"), o).estimate();
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
        return new ShiftInvert(k, o).estimate();
    }

    /** The certified bracket of an already checked matrix. */
    public static CertifiedBracket certifyLambdaMin(SymmetricInput k, EigenOptions o) {
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
