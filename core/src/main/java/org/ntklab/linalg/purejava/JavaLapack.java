package org.ntklab.linalg.purejava;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.netlib.NetlibLapack;

/**
 * Pure-Java LAPACK: Cholesky factorisation and solve on {@link JavaBlas}'s level-3 kernels; the
 * symmetric eigensolvers are netlib's F2J translation of reference LAPACK (run on its own scalar
 * BLAS).
 */
public final class JavaLapack implements Lapack {

    private final JavaBlas blas;
    private final Lapack f2j = new NetlibLapack(JavaLAPACK.getInstance(), "netlib F2J");
    /**
     * F2J keeps the Fortran SAVE variables of reference LAPACK in static fields: DLAMCH computes the
     * machine constants on first use by loops over shared fields, and DLASQ3/DLASQ4 carry state
     * inside MRRR. Two threads inside the F2J eigensolvers at once corrupt each other (seen in CI:
     * a non-converging dsyevd, and DLASCL spinning for half an hour on bad constants), so every F2J
     * call holds this one lock. Only the eigensolvers are F2J; Cholesky runs on our own kernels.
     */
    private static final Object F2J = new Object();

    /** A LAPACK whose Cholesky routines run on {@code blas}. */
    public JavaLapack(JavaBlas blas) {
        this.blas = blas;
    }

    @Override
    public String name() {
        return "pure Java (Cholesky on Vector API BLAS, dsyevd and dsyevr from netlib F2J)";
    }

    @Override
    public int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda) {
        if (n < 0 || lda < Math.max(1, n) && n > 0) {
            throw new IllegalArgumentException("dpotrf: n = " + n + ", lda = " + lda);
        }
        if (n == 0) {
            return 0;
        }
        int[] info = new int[1];
        Parallel.region((double) n * n * n / 3, par -> info[0] = Cholesky.potrf(par, uplo, n, a, aOff, lda));
        return info[0];
    }

    @Override
    public int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return 0;
        }
        // A = L Lᵀ: solve L Y = B, then Lᵀ X = Y; A = Uᵀ U: solve Uᵀ Y = B, then U X = Y
        Trans first = uplo == Uplo.LOWER ? Trans.N : Trans.T;
        Trans second = uplo == Uplo.LOWER ? Trans.T : Trans.N;
        blas.dtrsm(Side.LEFT, uplo, first, Diag.NON_UNIT, n, nrhs, 1.0, a, aOff, lda, b, bOff, ldb);
        blas.dtrsm(Side.LEFT, uplo, second, Diag.NON_UNIT, n, nrhs, 1.0, a, aOff, lda, b, bOff, ldb);
        return 0;
    }

    @Override
    public int dsyevd(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, double[] w) {
        synchronized (F2J) {
            return f2j.dsyevd(vectors, uplo, n, a, aOff, lda, w);
        }
    }

    @Override
    public int dsyevr(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, int il, int iu, double[] w,
                      double[] z, int zOff, int ldz) {
        synchronized (F2J) {
            return f2j.dsyevr(vectors, uplo, n, a, aOff, lda, il, iu, w, z, zOff, ldz);
        }
    }
}
