package org.ntklab.linalg.netlib;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import org.netlib.util.intW;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Side;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/** {@link Lapack} on a netlib {@link LAPACK} instance (JNI-bound OpenBLAS, or netlib's F2J Java port). */
public final class NetlibLapack implements Lapack {

    /**
     * Order of the blocks of {@link #dpotrf}: each diagonal block is factored single-threaded, the
     * products that update the panels (n³/3 flops in all) run a block each on every thread. 512
     * matched OpenBLAS's own dpotrf at n = 8000 (86 GFLOP/s on 2 threads, 45 on 1); 256 lost 19 %.
     */
    static final int CHOLESKY_BLOCK = 512;

    private final LAPACK lapack;
    private final String name;
    private final Blas blas;

    /** Wraps {@code lapack}, described as {@code name}; dpotrf is the library's own (F2J, deterministic already). */
    public NetlibLapack(LAPACK lapack, String name) {
        this(lapack, name, null);
    }

    /**
     * Wraps a native {@code lapack} whose factorisation splits its work by the thread count, so
     * that 1 and 2 threads round differently: dpotrf is then blocked here on {@code blas}, whose
     * products compute each entry the same way at any thread count (see {@link #dpotrf}).
     */
    public NetlibLapack(LAPACK lapack, String name, Blas blas) {
        this.lapack = lapack;
        this.name = name;
        this.blas = blas;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda) {
        if (n < 0 || n > 0 && lda < n) {
            // checked here: the blocked path would pass each block a valid lda and misreport the error as a failed pivot
            throw new IllegalArgumentException("dpotrf: n = " + n + ", lda = " + lda);
        }
        if (n == 0) {
            return 0;
        }
        if (blas == null) {
            return nativePotrf(uplo, n, a, aOff, lda);
        }
        if (n <= CHOLESKY_BLOCK || uplo == Uplo.UPPER) {
            return ThreadBudget.withSerialBlas(() -> nativePotrf(uplo, n, a, aOff, lda));
        }
        return blockedLowerPotrf(n, a, aOff, lda);
    }

    private int nativePotrf(Uplo uplo, int n, double[] a, int aOff, int lda) {
        intW info = new intW(0);
        lapack.dpotrf(uplo.code(), n, a, aOff, Math.max(1, lda), info);
        return info.val;
    }

    /**
     * The lower Cholesky factor by LAPACK's left-looking blocked algorithm, with the same bits at
     * any thread count (issue 21). OpenBLAS's own dpotrf, and its level-3 products too, split their
     * work by the thread count, and an entry computed by an edge micro-kernel rounds differently
     * from one computed by the main kernel: 1, 2 and 3 threads gave three different factors
     * (measured). Here the work is cut into blocks of {@link #CHOLESKY_BLOCK} rows and columns,
     * fixed by n alone, and every block is computed by single-threaded OpenBLAS, in parallel
     * under the thread budget. Which thread computes a block no longer matters.
     */
    private int blockedLowerPotrf(int n, double[] a, int off, int lda) {
        int nb = CHOLESKY_BLOCK;
        for (int j = 0; j < n; j += nb) {
            int jb = Math.min(nb, n - j);
            int diag = off + j + j * lda;
            int below = n - j - jb;
            int chunks = (below + nb - 1) / nb;
            // netlib's bounds check counts a block's last column as a full lda long, which the
            // corner block of a tight array is not: that one is factored in a copy of its own
            boolean corner = below == 0 && (long) diag + (long) lda * jb > a.length;
            double[] d = corner ? new double[jb * jb] : a;
            int dOff = corner ? 0 : diag;
            int ld = corner ? jb : lda;
            if (corner) {
                copyLower(jb, a, diag, lda, d, 0, jb);
            }
            int col = j;
            if (j > 0) { // task 0: A_jj −= L_j,0:j L_j,0:jᵀ; task c: the c-th row block of A_(j+jb):n,j −= L_(j+jb):n,0:j L_j,0:jᵀ
                ThreadBudget.parallelFor(0, chunks + 1, 1, (lo, hi) -> {
                    for (int t = lo; t < hi; t++) {
                        int task = t;
                        ThreadBudget.withSerialBlas(() -> {
                            if (task == 0) {
                                blas.dsyrk(Uplo.LOWER, Trans.N, jb, col, -1.0, a, off + col, lda, 1.0, d, dOff, ld);
                            } else {
                                int r0 = col + jb + (task - 1) * nb;
                                int rows = Math.min(nb, n - r0);
                                blas.dgemm(Trans.N, Trans.T, rows, jb, col, -1.0, a, off + r0, lda, a, off + col, lda, 1.0,
                                        a, off + r0 + col * lda, lda);
                            }
                            return 0;
                        });
                    }
                });
            }
            int info = ThreadBudget.withSerialBlas(() -> nativePotrf(Uplo.LOWER, jb, d, dOff, ld));
            if (corner) {
                copyLower(jb, d, 0, jb, a, diag, lda);
            }
            if (info != 0) {
                return j + info;
            }
            ThreadBudget.parallelFor(0, chunks, 1, (lo, hi) -> { // L_(j+jb):n,j = A_(j+jb):n,j L_jj⁻ᵀ, a row block each
                for (int t = lo; t < hi; t++) {
                    int r0 = col + jb + t * nb;
                    int rows = Math.min(nb, n - r0);
                    ThreadBudget.withSerialBlas(() -> {
                        blas.dtrsm(Side.RIGHT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, rows, jb, 1.0, a, diag, lda, a, off + r0 + col * lda, lda);
                        return 0;
                    });
                }
            });
        }
        return 0;
    }

    private static void copyLower(int n, double[] from, int fOff, int fLd, double[] to, int tOff, int tLd) {
        for (int c = 0; c < n; c++) {
            System.arraycopy(from, fOff + c + c * fLd, to, tOff + c + c * tLd, n - c);
        }
    }

    @Override
    public int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return 0;
        }
        // single-threaded: OpenBLAS splits the triangular solves by thread count, which changes the bits
        return ThreadBudget.withSerialBlas(() -> {
            intW info = new intW(0);
            lapack.dpotrs(uplo.code(), n, nrhs, a, aOff, Math.max(1, lda), b, bOff, Math.max(1, ldb), info);
            return info.val;
        });
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
        return ThreadBudget.withSerialBlas(() -> {
            intW info = new intW(0);
            lapack.spotrf(uplo.code(), n, a, Math.max(1, lda), info);
            return info.val;
        });
    }

    @Override
    public int spotrs(Uplo uplo, int n, int nrhs, float[] a, int lda, float[] b, int ldb) {
        if (!hasNativeSinglePrecision()) {
            return Lapack.super.spotrs(uplo, n, nrhs, a, lda, b, ldb);
        }
        if (n == 0 || nrhs == 0) {
            return 0;
        }
        return ThreadBudget.withSerialBlas(() -> {
            intW info = new intW(0);
            lapack.spotrs(uplo.code(), n, nrhs, a, Math.max(1, lda), b, Math.max(1, ldb), info);
            return info.val;
        });
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
