package org.ntklab.eigen;

import org.ntklab.linalg.SymmetricOperator;

/**
 * Extreme eigenvalues of an operator known only through v ↦ Av (e.g. the matrix-free empirical
 * NTK, {@link org.ntklab.net.EmpiricalNtk#operator}): thick-restart Lanczos with memory O(m·n) for a
 * basis of m vectors (default 64, fewer when the heap is short). These are estimates: the result
 * carries the explicit residual r, and some eigenvalue lies within r of the value (see
 * {@link EigenEstimate}); for λ_min the value is moreover an upper bound (a Rayleigh quotient).
 * Convergence: residual ≤ tol·|θ|; otherwise the best pair when a budget runs out, flagged.
 */
public final class MatrixFreeEigen {

    private MatrixFreeEigen() {
    }

    /** λ_min estimate. */
    public static EigenEstimate lambdaMin(SymmetricOperator op, EigenOptions o) {
        return Extremes.run(op, Lanczos.Which.SMALLEST, o, "matrix-free Lanczos");
    }

    /** λ_max estimate. */
    public static EigenEstimate lambdaMax(SymmetricOperator op, EigenOptions o) {
        return Extremes.run(op, Lanczos.Which.LARGEST, o, "matrix-free Lanczos");
    }
}
