package org.ntklab.linalg.purejava;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.netlib.NetlibLapack;

/** STUB: pure-Java LAPACK (Cholesky to be replaced by blocked Vector API code). */
public final class JavaLapack implements Lapack {
    private final Lapack f2j = new NetlibLapack(JavaLAPACK.getInstance(), "netlib F2J");

    public JavaLapack(JavaBlas blas) { }
    @Override public String name() { return "pure Java"; }
    @Override public int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda) { return f2j.dpotrf(uplo, n, a, aOff, lda); }
    @Override public int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) { return f2j.dpotrs(uplo, n, nrhs, a, aOff, lda, b, bOff, ldb); }
    @Override public int dsyevd(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, double[] w) { return f2j.dsyevd(vectors, uplo, n, a, aOff, lda, w); }
}
