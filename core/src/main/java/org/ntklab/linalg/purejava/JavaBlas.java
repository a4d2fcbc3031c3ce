package org.ntklab.linalg.purejava;

import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * Pure-Java BLAS on the Vector API: a packed, cache-blocked, register-tiled gemm engine
 * ({@link GemmEngine}) that also carries dsyrk (one triangle only) and the bulk of dtrsm, plus
 * vectorised level-1 and level-2 routines.
 *
 * <p>Threads: large calls split over the {@link org.ntklab.runtime.ThreadBudget} pool; called from
 * inside a parallel task they run sequentially. Work is only ever split over output elements,
 * with fixed block boundaries, so results are bit-identical for any thread count.
 *
 * <p>Semantics follow reference BLAS: with beta = 0 the output is not read (NaN there does not
 * propagate); with alpha = 0 the inputs are not read.
 */
public final class JavaBlas implements Blas {

    /** Creates the backend; it is stateless (work buffers are per thread), so one instance can be shared. */
    public JavaBlas() {
    }

    @Override
    public String name() {
        return "pure Java (Vector API, " + MicroKernel.L * 64 + "-bit)";
    }

    @Override
    public void dgemm(Trans transA, Trans transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        checkDims(m, n, k);
        checkLd(lda, transA == Trans.N ? m : k, "lda");
        checkLd(ldb, transB == Trans.N ? k : n, "ldb");
        checkLd(ldc, m, "ldc");
        Parallel.region(2.0 * m * n * k, par -> GemmEngine.gemm(par, transA, transB, m, n, k, alpha,
                a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    @Override
    public void dsyrk(Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                      double[] c, int cOff, int ldc) {
        checkDims(n, n, k);
        checkLd(lda, trans == Trans.N ? n : k, "lda");
        checkLd(ldc, n, "ldc");
        Parallel.region((double) n * n * k, par -> GemmEngine.syrk(par, uplo, trans, n, k, alpha,
                a, aOff, lda, beta, c, cOff, ldc));
    }

    @Override
    public void dgemv(Trans trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                      double beta, double[] y, int yOff) {
        checkDims(m, n, 0);
        checkLd(lda, m, "lda");
        Parallel.region(2.0 * m * n, par -> Gemv.gemv(par, trans, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff));
    }

    @Override
    public void dtrsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb) {
        checkDims(m, n, 0);
        checkLd(lda, side == Side.LEFT ? m : n, "lda");
        checkLd(ldb, m, "ldb");
        double order = side == Side.LEFT ? m : n;
        Parallel.region(order * order * (side == Side.LEFT ? n : m),
                par -> Trsm.solve(par, side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb));
    }

    @Override
    public double ddot(int n, double[] x, int xOff, double[] y, int yOff) {
        return n <= 0 ? 0.0 : Vec.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void daxpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        // reference BLAS returns early for alpha = 0, leaving y untouched even if x holds NaN
        if (n > 0 && alpha != 0.0) {
            Vec.axpy(n, alpha, x, xOff, y, yOff);
        }
    }

    @Override
    public void dscal(int n, double alpha, double[] x, int xOff) {
        if (n > 0) {
            Vec.scal(n, alpha, x, xOff);
        }
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: " + m + ", " + n + ", " + k);
        }
    }

    /** A leading dimension must cover the rows of the matrix it describes (netlib's rule, relaxed for empty matrices). */
    private static void checkLd(int ld, int rows, String name) {
        if (ld < Math.max(1, rows) && rows > 0) {
            throw new IllegalArgumentException(name + " = " + ld + " < " + rows);
        }
    }
}
