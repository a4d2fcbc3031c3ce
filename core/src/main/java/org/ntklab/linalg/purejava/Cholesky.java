package org.ntklab.linalg.purejava;

import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * Cholesky factorisation A = L Lᵀ (lower) or A = Uᵀ U (upper), right-looking and blocked by
 * recursive halving: factor the leading block, solve the off-diagonal panel against it with
 * dtrsm, subtract the panel's outer product from the trailing block with dsyrk, factor the
 * trailing block. Blocks shrink to {@link #BASE}, below which a scalar loop finishes the job, so
 * nearly all flops run in the parallel level-3 kernels at every scale, with no block size to tune.
 */
final class Cholesky {

    /** Order at or below which the unblocked algorithm runs. */
    static final int BASE = 32;

    private Cholesky() {
    }

    /** LAPACK dpotrf: 0, or k if the leading minor of order k is not positive definite. */
    static int potrf(boolean par, Uplo uplo, int n, double[] a, int off, int lda) {
        if (n <= BASE) {
            // U(i, j) = L(j, i): the upper case is the lower one with the two strides exchanged
            return uplo == Uplo.LOWER ? unblocked(n, a, off, 1, lda) : unblocked(n, a, off, lda, 1);
        }
        int n1 = Parallel.roundUp(n / 2, 8);
        int n2 = n - n1;
        int info = potrf(par, uplo, n1, a, off, lda);
        if (info != 0) {
            return info;
        }
        int off22 = off + n1 + n1 * lda;
        if (uplo == Uplo.LOWER) {
            int off21 = off + n1;
            Trsm.solve(par, Side.RIGHT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, n2, n1, 1.0, a, off, lda, a, off21, lda);
            GemmEngine.syrk(par, Uplo.LOWER, Trans.N, n2, n1, -1.0, a, off21, lda, 1.0, a, off22, lda);
        } else {
            int off12 = off + n1 * lda;
            Trsm.solve(par, Side.LEFT, Uplo.UPPER, Trans.T, Diag.NON_UNIT, n1, n2, 1.0, a, off, lda, a, off12, lda);
            GemmEngine.syrk(par, Uplo.UPPER, Trans.T, n2, n1, -1.0, a, off12, lda, 1.0, a, off22, lda);
        }
        info = potrf(par, uplo, n2, a, off22, lda);
        return info == 0 ? 0 : n1 + info;
    }

    /**
     * Left-looking scalar Cholesky of the lower triangle of the view whose element (i, j) is
     * {@code a[off + i*si + j*sj]}.
     */
    private static int unblocked(int n, double[] a, int off, int si, int sj) {
        for (int j = 0; j < n; j++) {
            int rowJ = off + j * si;
            double d = a[rowJ + j * sj];
            for (int l = 0; l < j; l++) {
                double v = a[rowJ + l * sj];
                d -= v * v;
            }
            // "not > 0" rather than "<= 0" so that NaN also stops the factorisation, as in LAPACK
            if (!(d > 0.0)) {
                a[rowJ + j * sj] = d;
                return j + 1;
            }
            d = Math.sqrt(d);
            a[rowJ + j * sj] = d;
            for (int i = j + 1; i < n; i++) {
                int rowI = off + i * si;
                double s = a[rowI + j * sj];
                for (int l = 0; l < j; l++) {
                    s -= a[rowI + l * sj] * a[rowJ + l * sj];
                }
                a[rowI + j * sj] = s / d;
            }
        }
        return 0;
    }
}
