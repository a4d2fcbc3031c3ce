package org.ntklab.linalg;

/**
 * The LAPACK routines the project needs, with netlib semantics (column-major, offsets, leading
 * dimensions). Routines return LAPACK's {@code info}: 0 on success, {@code k > 0} when the
 * factorisation or iteration failed at step k (for {@code dpotrf}: the leading minor of order k
 * is not positive definite).
 */
public interface Lapack {

    /** A short name of the implementation. */
    String name();

    /** Cholesky factorisation of the {@code uplo} triangle of the n×n symmetric matrix A, in place. */
    int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda);

    /** Solves A X = B with A's Cholesky factor from {@link #dpotrf}; X overwrites B (n×nrhs). */
    int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb);

    /**
     * All eigenvalues (ascending, into {@code w}) and, if {@code vectors}, the orthonormal
     * eigenvectors (overwriting A column by column) of the n×n symmetric matrix A (divide and conquer).
     */
    int dsyevd(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, double[] w);

    /**
     * Eigenvalues number {@code il} to {@code iu} (1-based, in ascending order) of the n×n symmetric
     * matrix A into {@code w}, and if {@code vectors} their orthonormal eigenvectors into the
     * n×(iu−il+1) matrix Z (leading dimension {@code ldz}), by dsyevr (tridiagonal reduction then
     * MRRR). A is destroyed. With {@code vectors} false, Z is not referenced and may be null.
     */
    int dsyevr(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, int il, int iu, double[] w,
               double[] z, int zOff, int ldz);
}
