package org.ntklab.eigen;

import java.util.function.Function;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.tiled.TiledSingleCholesky;

/**
 * Extreme eigenvalues of an operator known only through v ↦ Av (e.g. the matrix-free empirical
 * NTK, {@link org.ntklab.net.EmpiricalNtk#operator}): thick-restart Lanczos with memory O(m·n) for a
 * basis of m vectors (default 64, fewer when the heap is short). These are estimates: the result
 * carries the explicit residual r, and some eigenvalue lies within r of the value (see
 * {@link EigenEstimate}); for λ_min the value is moreover an upper bound (a Rayleigh quotient).
 * Convergence: residual ≤ tol·|θ|; otherwise the best pair when a budget runs out, flagged.
 */
public final class MatrixFreeEigen {

    /** The smallest order {@link #lambdaMin(SymmetricOperator, TiledSingleCholesky, EigenOptions, EigenProgress)} takes. */
    public static final int SINGLE_FACTOR_MIN_SIZE = SingleFactorEigen.MIN_SIZE;

    private MatrixFreeEigen() {
    }

    /** λ_min estimate. */
    public static EigenEstimate lambdaMin(SymmetricOperator op, EigenOptions o) {
        return Extremes.run(op, Lanczos.Which.SMALLEST, o, "matrix-free Lanczos");
    }

    /**
     * λ_min estimate of a PSD operator whose columns can be computed directly (the empirical NTK's
     * K(X, X_S) by the structured formula): generalised Davidson with thick restarts (GD+k) preconditioned by a rank-{@code rank} Nyström
     * approximation built from {@code rank} columns chosen with the options' seed. Far fewer products
     * than {@link #lambdaMin(SymmetricOperator, EigenOptions)} on ill-conditioned Grams; memory 12·n·rank
     * bytes while the preconditioner is built (the columns, then its single-precision basis), 4·n·rank after. Falls back to Lanczos when the sampled columns are numerically zero. The result is an
     * estimate like Lanczos's: a Rayleigh quotient (≥ λ_min) and its explicit residual.
     *
     * @param columns indices S ↦ the n × |S| matrix K[:, S]
     */
    public static EigenEstimate lambdaMin(SymmetricOperator op, Function<int[], Matrix> columns, int rank, EigenOptions o) {
        return lambdaMin(op, columns, rank, o, EigenProgress.NONE);
    }

    /** {@link #lambdaMin(SymmetricOperator, Function, int, EigenOptions)}, telling {@code progress} after every step. */
    public static EigenEstimate lambdaMin(SymmetricOperator op, Function<int[], Matrix> columns, int rank, EigenOptions o,
                                          EigenProgress progress) {
        if (rank < 1) {
            throw new IllegalArgumentException("the Nyström rank must be positive, got " + rank);
        }
        NystromPreconditioner p = NystromPreconditioner.build(op.size(), rank, columns::apply, o.seed());
        if (p == null) {
            return lambdaMin(op, o);
        }
        return Davidson.smallest(op, p::apply, o, "matrix-free Davidson (GD+k), rank-" + p.rank() + " Nyström preconditioner",
                progress);
    }

    /**
     * λ_min estimate of a positive definite operator with a factored single-precision copy of it
     * (for the empirical NTK, {@link org.ntklab.net.EmpiricalNtk#structuredSingle} then
     * {@link TiledSingleCholesky#factor}): block shift-invert Lanczos on the factor locates the
     * bottom of the spectrum, block Davidson with exact products of {@code op} refines it (see
     * {@link SingleFactorEigen} for the stopping rule, which the result's
     * {@link EigenEstimate#errorEstimate()} reports). For n ≥ {@value #SINGLE_FACTOR_MIN_SIZE}.
     */
    public static EigenEstimate lambdaMin(SymmetricOperator op, TiledSingleCholesky factor, EigenOptions o,
                                          EigenProgress progress) {
        return SingleFactorEigen.lambdaMin(op, factor, o, progress);
    }

    /** λ_max estimate. */
    public static EigenEstimate lambdaMax(SymmetricOperator op, EigenOptions o) {
        return Extremes.run(op, Lanczos.Which.LARGEST, o, "matrix-free Lanczos");
    }
}
