package org.ntklab.linalg;

/**
 * The BLAS operations the project needs, with netlib (Fortran) semantics: matrices are
 * column-major {@code double[]} with an offset and a leading dimension, so element (i, j) of A
 * is {@code a[aOff + i + j * lda]}. Vectors have unit stride.
 *
 * <p>Implementations: {@link org.ntklab.linalg.netlib.NetlibBlas} (whatever library netlib bound,
 * normally OpenBLAS) and {@link org.ntklab.linalg.purejava.JavaBlas} (Vector API, fork-join).
 * Both obey the thread budget: called from inside a parallel task they run single-threaded.
 */
public interface Blas {

    /** A short name of the implementation, e.g. {@code "OpenBLAS (JNI)"} or {@code "pure Java"}. */
    String name();

    /** C := alpha op(A) op(B) + beta C, with op(A) m×k, op(B) k×n, C m×n. */
    void dgemm(Trans transA, Trans transB, int m, int n, int k, double alpha,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, int ldc);

    /**
     * C := alpha A Aᵀ + beta C ({@code trans = N}, A n×k) or alpha Aᵀ A + beta C ({@code trans = T},
     * A k×n). Only the {@code uplo} triangle of the n×n matrix C is read and written.
     */
    void dsyrk(Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda,
               double beta, double[] c, int cOff, int ldc);

    /** y := alpha op(A) x + beta y, with A m×n. */
    void dgemv(Trans trans, int m, int n, double alpha, double[] a, int aOff, int lda,
               double[] x, int xOff, double beta, double[] y, int yOff);

    /** Solves op(A) X = alpha B ({@code LEFT}) or X op(A) = alpha B ({@code RIGHT}); X overwrites B (m×n). */
    void dtrsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, double alpha,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb);

    /** xᵀ y over n elements. */
    double ddot(int n, double[] x, int xOff, double[] y, int yOff);

    /** y := alpha x + y over n elements. */
    void daxpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /** x := alpha x over n elements. */
    void dscal(int n, double alpha, double[] x, int xOff);

    /**
     * Whether the single-precision routines ({@link #sgemm}, {@link #ssyrk}, {@link #strsm}) run
     * natively; they exist for approximate solvers (a single-precision factor as a preconditioner),
     * which pay off only at native speed, so without a native library they are not offered.
     */
    default boolean hasNativeSinglePrecision() {
        return false;
    }

    /** Single-precision {@link #dgemm}; only when {@link #hasNativeSinglePrecision()}. */
    default void sgemm(Trans transA, Trans transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        throw new UnsupportedOperationException(name() + " has no native single-precision BLAS");
    }

    /** Single-precision {@link #dsyrk}; only when {@link #hasNativeSinglePrecision()}. */
    default void ssyrk(Uplo uplo, Trans trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta,
                       float[] c, int cOff, int ldc) {
        throw new UnsupportedOperationException(name() + " has no native single-precision BLAS");
    }

    /** Single-precision {@link #dtrsm}; only when {@link #hasNativeSinglePrecision()}. */
    default void strsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, float alpha, float[] a, int aOff,
                       int lda, float[] b, int bOff, int ldb) {
        throw new UnsupportedOperationException(name() + " has no native single-precision BLAS");
    }
}
