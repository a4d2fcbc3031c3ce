package org.ntklab.linalg.purejava;

import dev.ludovic.netlib.blas.JavaBLAS;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.netlib.NetlibBlas;

/** STUB: pure-Java BLAS (to be replaced by the Vector API kernels). */
public final class JavaBlas implements Blas {
    private final Blas delegate = new NetlibBlas(JavaBLAS.getInstance(), "pure Java");

    @Override public String name() { return "pure Java"; }
    @Override public void dgemm(Trans ta, Trans tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) { delegate.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc); }
    @Override public void dsyrk(Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta, double[] c, int cOff, int ldc) { delegate.dsyrk(uplo, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc); }
    @Override public void dgemv(Trans trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff, double beta, double[] y, int yOff) { delegate.dgemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff); }
    @Override public void dtrsm(Side side, Uplo uplo, Trans transA, Diag diag, int m, int n, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) { delegate.dtrsm(side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb); }
    @Override public double ddot(int n, double[] x, int xOff, double[] y, int yOff) { return delegate.ddot(n, x, xOff, y, yOff); }
    @Override public void daxpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) { delegate.daxpy(n, alpha, x, xOff, y, yOff); }
    @Override public void dscal(int n, double alpha, double[] x, int xOff) { delegate.dscal(n, alpha, x, xOff); }
}
