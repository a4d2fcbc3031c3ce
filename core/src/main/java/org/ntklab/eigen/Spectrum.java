package org.ntklab.eigen;

import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Uplo;

/**
 * Full or partial spectra of a dense symmetric matrix through LAPACK: dsyevd (divide and conquer)
 * for all eigenvalues, dsyevr (MRRR) for a range of them; eigenvectors on request. O(n³).
 */
public final class Spectrum {

    /**
     * Eigenvalues in ascending order and, if asked, the matching orthonormal eigenvectors (column
     * j of {@code vectors} belongs to {@code values[j]}).
     *
     * @param values  ascending eigenvalues
     * @param vectors n×k eigenvectors, or null
     */
    public record Eigensystem(double[] values, Matrix vectors) {
    }

    private Spectrum() {
    }

    /** All eigenvalues (and eigenvectors if {@code vectors}) by dsyevd. */
    public static Eigensystem all(Matrix k, boolean vectors) {
        SymmetricInput in = SymmetricInput.of(k, "the matrix");
        int n = in.size();
        MemoryCheck.requireDoubles("the eigen-decomposition of the " + n + "×" + n + " matrix (a copy and dsyevd's workspace)",
                (long) n * n, Lapack.eigenWorkspace(vectors, n));
        double[] a = new double[n * n];
        double[] w = new double[n];
        int info = Backends.lapack().symmetricEigen(vectors, n, in.matrix().data(), a, w);
        if (info != 0) {
            throw new IllegalStateException("neither dsyevd nor dsyevr converged (info " + info + ")");
        }
        return new Eigensystem(w, vectors ? new Matrix(n, n, a) : null);
    }

    /**
     * Eigenvalues number {@code from} to {@code to} − 1 in ascending order (0-based, so
     * {@code range(k, 0, 1, false)} is λ_min) and their eigenvectors if asked, by dsyevr.
     */
    public static Eigensystem range(Matrix k, int from, int to, boolean vectors) {
        SymmetricInput in = SymmetricInput.of(k, "the matrix");
        int n = in.size();
        if (from < 0 || to > n || from >= to) {
            throw new IllegalArgumentException("eigenvalue range [" + from + ", " + to + ") is not within [0, " + n + ")");
        }
        MemoryCheck.requireArray(n, n, "the eigen-decomposition's copy of the " + n + "×" + n + " matrix");
        double[] a = in.matrix().data().clone();
        int count = to - from;
        double[] w = new double[n];
        double[] z = vectors ? new double[n * count] : null;
        int info = Backends.lapack().dsyevr(vectors, Uplo.LOWER, n, a, 0, n, from + 1, to, w, z, 0, n);
        if (info != 0) {
            throw new IllegalStateException("dsyevr failed (info " + info + ")");
        }
        return new Eigensystem(java.util.Arrays.copyOf(w, count), vectors ? new Matrix(n, count, z) : null);
    }
}
