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
     * Whether {@link #spotrf} and {@link #spotrs} run natively. A single-precision factorisation
     * takes about half the time of {@link #dpotrf} there, which is what makes it worth using as an
     * approximate solver; without a native library they are not offered.
     */
    default boolean hasNativeSinglePrecision() {
        return false;
    }

    /** Single-precision {@link #dpotrf}; only when {@link #hasNativeSinglePrecision()}. */
    default int spotrf(Uplo uplo, int n, float[] a, int lda) {
        throw new UnsupportedOperationException(name() + " has no native single-precision Cholesky");
    }

    /** Single-precision {@link #dpotrs}; only when {@link #hasNativeSinglePrecision()}. */
    default int spotrs(Uplo uplo, int n, int nrhs, float[] a, int lda, float[] b, int ldb) {
        throw new UnsupportedOperationException(name() + " has no native single-precision Cholesky");
    }

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

    /**
     * Doubles of workspace dsyevd asks for an n×n problem (LAPACK's documented minimum, which
     * OpenBLAS's query returns): 1 + 6n + 2n² with eigenvectors (twice the matrix again, the
     * buffer a memory check must not forget), 2n + 1 without.
     */
    static long eigenWorkspace(boolean vectors, int n) {
        long m = n;
        return n <= 1 ? 1 : vectors ? 1 + 6 * m + 2 * m * m : 2 * m + 1;
    }

    /**
     * All eigenvalues (ascending, into {@code w}) and, if {@code vectors}, the orthonormal
     * eigenvectors (into {@code a}, column j for {@code w[j]}) of the n×n symmetric matrix
     * {@code source} (column-major, leading dimension n, lower triangle read, left intact).
     * Divide and conquer ({@link #dsyevd}) first; if its secular-equation solver fails to converge,
     * which LAPACK's DLAED4 can do on tightly clustered spectra (Reference-LAPACK issues 655 and
     * 1166, and the F2J translation predates both fixes), the same problem again by MRRR
     * ({@link #dsyevr}), a different algorithm. Returns 0, or the second solver's {@code info}
     * when both fail; a negative {@code info} (a bad argument) is returned at once.
     *
     * @throws ArithmeticException if the lower triangle of {@code source} holds a NaN or an infinity
     */
    default int symmetricEigen(boolean vectors, int n, double[] source, double[] a, double[] w) {
        MemoryCheck.requireDoubles("dsyevd's workspace for the " + n + "×" + n + " matrix", eigenWorkspace(vectors, n));
        long size = (long) n * n;
        // LAPACK has no NaN guard here (it returns a meaningless info or values): a non-finite
        // matrix is a bug upstream, reported at once with its position
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                if (!Double.isFinite(source[i + j * n])) {
                    throw new ArithmeticException("the symmetric eigen-solver was given a non-finite entry (" + source[i + j * n]
                            + " at row " + i + ", column " + j + " of " + n + "×" + n + ")");
                }
            }
        }
        System.arraycopy(source, 0, a, 0, Math.toIntExact(size));
        int info = dsyevd(vectors, Uplo.LOWER, n, a, 0, n, w);
        if (info <= 0) {
            return info;
        }
        System.arraycopy(source, 0, a, 0, Math.toIntExact(size));
        double[] z = null;
        if (vectors) {
            MemoryCheck.requireArray(n, n, "the eigenvectors of the " + n + "×" + n + " matrix (MRRR, after dsyevd failed)");
            z = new double[Math.toIntExact(size)];
        }
        info = dsyevr(vectors, Uplo.LOWER, n, a, 0, n, 1, n, w, z, 0, n);
        if (info == 0 && vectors) {
            System.arraycopy(z, 0, a, 0, z.length);
        }
        return info;
    }
}
