package org.ntklab.linalg.netlib;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/** {@link Blas} on a netlib {@link BLAS} instance (normally JNI-bound OpenBLAS). */
public final class NetlibBlas implements Blas {

    private final BLAS blas;
    private final String name;

    /** Wraps {@code blas}, described as {@code name}. */
    public NetlibBlas(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void dgemm(Trans transA, Trans transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        blas.dgemm(transA.code(), transB.code(), m, n, k, alpha, a, aOff, Math.max(1, lda), b, bOff, Math.max(1, ldb),
                beta, c, cOff, Math.max(1, ldc));
    }

    @Override
    public void dsyrk(Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                      double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        blas.dsyrk(uplo.code(), trans.code(), n, k, alpha, a, aOff, Math.max(1, lda), beta, c, cOff, Math.max(1, ldc));
    }

    @Override
    public void dgemv(Trans trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                      double beta, double[] y, int yOff) {
        if (m == 0 || n == 0) {
            int len = trans == Trans.N ? m : n;
            if (len > 0 && beta != 1.0) {
                blas.dscal(len, beta, y, yOff, 1);
            }
            return;
        }
        blas.dgemv(trans.code(), m, n, alpha, a, aOff, Math.max(1, lda), x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public void dtrsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        blas.dtrsm(side.code(), uplo.code(), transA.code(), diag.code(), m, n, alpha, a, aOff, Math.max(1, lda), b, bOff,
                Math.max(1, ldb));
    }

    @Override
    public double ddot(int n, double[] x, int xOff, double[] y, int yOff) {
        return n <= 0 ? 0.0 : blas.ddot(n, x, xOff, 1, y, yOff, 1);
    }

    @Override
    public void daxpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (n > 0) {
            blas.daxpy(n, alpha, x, xOff, 1, y, yOff, 1);
        }
    }

    @Override
    public void dscal(int n, double alpha, double[] x, int xOff) {
        if (n > 0) {
            blas.dscal(n, alpha, x, xOff, 1);
        }
    }

    @Override
    public boolean hasNativeSinglePrecision() {
        return blas instanceof NativeBLAS;
    }

    @Override
    public void sgemm(Trans transA, Trans transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                      int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (!hasNativeSinglePrecision()) {
            // the interface default throws: these are not offered without a native library
            Blas.super.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (m == 0 || n == 0) {
            return;
        }
        blas.sgemm(transA.code(), transB.code(), m, n, k, alpha, a, aOff, Math.max(1, lda), b, bOff, Math.max(1, ldb),
                beta, c, cOff, Math.max(1, ldc));
    }

    @Override
    public void ssyrk(Uplo uplo, Trans trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta, float[] c,
                      int cOff, int ldc) {
        if (!hasNativeSinglePrecision()) {
            // the interface default throws: these are not offered without a native library
            Blas.super.ssyrk(uplo, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
            return;
        }
        if (n == 0) {
            return;
        }
        blas.ssyrk(uplo.code(), trans.code(), n, k, alpha, a, aOff, Math.max(1, lda), beta, c, cOff, Math.max(1, ldc));
    }

    @Override
    public void strsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb) {
        if (!hasNativeSinglePrecision()) {
            // the interface default throws: these are not offered without a native library
            Blas.super.strsm(side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
            return;
        }
        if (m == 0 || n == 0) {
            return;
        }
        blas.strsm(side.code(), uplo.code(), transA.code(), diag.code(), m, n, alpha, a, aOff, Math.max(1, lda), b, bOff,
                Math.max(1, ldb));
    }
}
