package org.ntklab.linalg.netlib;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import org.netlib.util.intW;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Uplo;

/** {@link Lapack} on a netlib {@link LAPACK} instance (JNI-bound OpenBLAS, or netlib's F2J Java port). */
public final class NetlibLapack implements Lapack {

    private final LAPACK lapack;
    private final String name;

    /** Wraps {@code lapack}, described as {@code name}. */
    public NetlibLapack(LAPACK lapack, String name) {
        this.lapack = lapack;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda) {
        if (n == 0) {
            return 0;
        }
        intW info = new intW(0);
        lapack.dpotrf(uplo.code(), n, a, aOff, Math.max(1, lda), info);
        return info.val;
    }

    @Override
    public int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return 0;
        }
        intW info = new intW(0);
        lapack.dpotrs(uplo.code(), n, nrhs, a, aOff, Math.max(1, lda), b, bOff, Math.max(1, ldb), info);
        return info.val;
    }

    @Override
    public boolean hasNativeSinglePrecision() {
        return lapack instanceof NativeLAPACK;
    }

    @Override
    public int spotrf(Uplo uplo, int n, float[] a, int lda) {
        if (!hasNativeSinglePrecision()) {
            return Lapack.super.spotrf(uplo, n, a, lda);
        }
        if (n == 0) {
            return 0;
        }
        intW info = new intW(0);
        lapack.spotrf(uplo.code(), n, a, Math.max(1, lda), info);
        return info.val;
    }

    @Override
    public int spotrs(Uplo uplo, int n, int nrhs, float[] a, int lda, float[] b, int ldb) {
        if (!hasNativeSinglePrecision()) {
            return Lapack.super.spotrs(uplo, n, nrhs, a, lda, b, ldb);
        }
        if (n == 0 || nrhs == 0) {
            return 0;
        }
        intW info = new intW(0);
        lapack.spotrs(uplo.code(), n, nrhs, a, Math.max(1, lda), b, Math.max(1, ldb), info);
        return info.val;
    }

    @Override
    public int dsyevd(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, double[] w) {
        if (n == 0) {
            return 0;
        }
        String jobz = vectors ? "V" : "N";
        intW info = new intW(0);
        double[] work = new double[1];
        int[] iwork = new int[1];
        lapack.dsyevd(jobz, uplo.code(), n, a, aOff, Math.max(1, lda), w, 0, work, 0, -1, iwork, 0, -1, info);
        if (info.val != 0) {
            return info.val;
        }
        int lwork = Math.max(1, (int) work[0]);
        int liwork = Math.max(1, iwork[0]);
        work = new double[lwork];
        iwork = new int[liwork];
        lapack.dsyevd(jobz, uplo.code(), n, a, aOff, Math.max(1, lda), w, 0, work, 0, lwork, iwork, 0, liwork, info);
        return info.val;
    }

    @Override
    public int dsyevr(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, int il, int iu, double[] w,
                      double[] z, int zOff, int ldz) {
        if (n == 0) {
            return 0;
        }
        if (il < 1 || iu < il || iu > n) {
            throw new IllegalArgumentException("dsyevr: need 1 ≤ il ≤ iu ≤ n, got il = " + il + ", iu = " + iu + ", n = " + n);
        }
        String jobz = vectors ? "V" : "N";
        // netlib checks that Z has n columns, although dsyevr writes only iu − il + 1 (and none for jobz = N)
        int count = iu - il + 1;
        int ldzz = vectors ? Math.max(1, ldz) : 1;
        boolean scratch = vectors && z.length - zOff < (long) n * ldzz;
        double[] zz = !vectors ? new double[n] : scratch ? new double[n * ldzz] : z;
        int zo = scratch || !vectors ? 0 : zOff;
        intW m = new intW(0);
        intW info = new intW(0);
        int[] isuppz = new int[2 * n]; // netlib checks 2n entries; dsyevr uses 2·count
        double[] work = new double[1];
        int[] iwork = new int[1];
        // abstol = the safe minimum: dsyevr's documented choice for the highest accuracy
        double abstol = Double.MIN_NORMAL;
        lapack.dsyevr(jobz, "I", uplo.code(), n, a, aOff, Math.max(1, lda), 0.0, 0.0, il, iu, abstol, m, w, 0, zz, zo, ldzz,
                isuppz, 0, work, 0, -1, iwork, 0, -1, info);
        if (info.val != 0) {
            return info.val;
        }
        int lwork = Math.max(26 * n, (int) work[0]);
        int liwork = Math.max(10 * n, iwork[0]);
        work = new double[lwork];
        iwork = new int[liwork];
        lapack.dsyevr(jobz, "I", uplo.code(), n, a, aOff, Math.max(1, lda), 0.0, 0.0, il, iu, abstol, m, w, 0, zz, zo, ldzz,
                isuppz, 0, work, 0, lwork, iwork, 0, liwork, info);
        if (scratch) {
            System.arraycopy(zz, 0, z, zOff, count * ldzz - (ldzz - n));
        }
        return info.val;
    }
}
