package org.ntklab.linalg.purejava;

import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.purejava.GemmEngine.Region;

/**
 * Triangular solve with many right-hand sides, op(A) X = alpha B or X op(A) = alpha B.
 *
 * <p>Recursive: the triangle is halved, one half solved, its contribution removed from the other
 * half of B by a {@link GemmEngine} update, then the other half solved. For order n all but
 * O(n·{@link #BASE}) of the O(n²) flops per right-hand side go through gemm.
 *
 * <p>The 16 cases collapse to four: op(A) is a strided view of A (transposition swaps the
 * strides), and what matters is only whether that view is effectively lower or upper triangular
 * and which side it multiplies.
 */
final class Trsm {

    /** Order at or below which a triangle is solved by substitution. */
    static final int BASE = 32;

    /**
     * Substitution runs at a fraction of gemm's speed per flop; its flop count is weighted by this
     * when deciding whether a fork pays.
     */
    private static final double SLOW = 8.0;
    private static final Scratch WORK = new Scratch();

    private final double[] a;
    /** op(A)(i, j) is {@code a[off + i*rs + j*cs]}. */
    private final int rs, cs;
    private final boolean lower, unit;
    private final double[] b;
    private final int ldb;
    private final boolean par;

    private Trsm(boolean par, double[] a, int rs, int cs, boolean lower, boolean unit, double[] b, int ldb) {
        this.a = a;
        this.rs = rs;
        this.cs = cs;
        this.lower = lower;
        this.unit = unit;
        this.b = b;
        this.ldb = ldb;
        this.par = par;
    }

    static void solve(boolean par, Side side, Uplo uplo, Trans trans, Diag diag, int m, int n, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        GemmEngine.scale(Region.ALL, m, n, alpha, b, bOff, ldb);
        if (alpha == 0.0) {
            return;
        }
        boolean noTrans = trans == Trans.N;
        Trsm t = new Trsm(par, a, noTrans ? 1 : lda, noTrans ? lda : 1, (uplo == Uplo.LOWER) == noTrans,
                diag == Diag.UNIT, b, ldb);
        if (side == Side.LEFT) {
            t.left(m, n, aOff, bOff);
        } else {
            t.right(m, n, aOff, bOff);
        }
    }

    /** op(A) X = B for the m×m triangle at {@code off} and the m×n block of B at {@code bOff}. */
    private void left(int m, int n, int off, int bOff) {
        if (m <= BASE) {
            leftBase(m, n, off, bOff);
            return;
        }
        int m1 = split(m);
        int m2 = m - m1;
        int off22 = off + m1 * (rs + cs);
        if (lower) {
            left(m1, n, off, bOff);
            GemmEngine.multiply(par, Region.ALL, m2, n, m1, -1.0, a, off + m1 * rs, rs, cs, b, bOff, 1, ldb,
                    1.0, b, bOff + m1, ldb);
            left(m2, n, off22, bOff + m1);
        } else {
            left(m2, n, off22, bOff + m1);
            GemmEngine.multiply(par, Region.ALL, m1, n, m2, -1.0, a, off + m1 * cs, rs, cs, b, bOff + m1, 1, ldb,
                    1.0, b, bOff, ldb);
            left(m1, n, off, bOff);
        }
    }

    /** X op(A) = B for the n×n triangle at {@code off} and the m×n block of B at {@code bOff}. */
    private void right(int m, int n, int off, int bOff) {
        if (n <= BASE) {
            rightBase(m, n, off, bOff);
            return;
        }
        int n1 = split(n);
        int n2 = n - n1;
        int off22 = off + n1 * (rs + cs);
        int bOff2 = bOff + n1 * ldb;
        if (lower) {
            right(m, n2, off22, bOff2);
            GemmEngine.multiply(par, Region.ALL, m, n1, n2, -1.0, b, bOff2, 1, ldb, a, off + n1 * rs, rs, cs,
                    1.0, b, bOff, ldb);
            right(m, n1, off, bOff);
        } else {
            right(m, n1, off, bOff);
            GemmEngine.multiply(par, Region.ALL, m, n2, n1, -1.0, b, bOff, 1, ldb, a, off + n1 * cs, rs, cs,
                    1.0, b, bOff2, ldb);
            right(m, n2, off22, bOff2);
        }
    }

    /** Splits an order so the first part is a multiple of 8 (aligned gemm shapes) and both parts are non-empty. */
    private static int split(int n) {
        return Parallel.roundUp(n / 2, 8);
    }

    /**
     * The s×s triangle of op(A) at {@code off} as a dense column-major array, transposed if
     * {@code transpose}, with a unit diagonal made explicit.
     */
    private double[] triangle(int s, int off, boolean transpose) {
        double[] t = new double[s * s];
        int ti = transpose ? s : 1;
        int tj = transpose ? 1 : s;
        for (int j = 0; j < s; j++) {
            int from = lower ? j : 0;
            int to = lower ? s : j + 1;
            for (int i = from; i < to; i++) {
                t[i * ti + j * tj] = a[off + i * rs + j * cs];
            }
            if (unit) {
                t[j * (s + 1)] = 1.0;
            }
        }
        return t;
    }

    /**
     * op(A) X = B on a diagonal block, solved as the transposed problem Xᵀ op(A)ᵀ = Bᵀ: each
     * chunk of columns of B is copied transposed into a scratch block, so that the substitution
     * runs along long contiguous rows instead of along the short columns. Columns of B are
     * independent, so the chunks are split over threads.
     */
    private void leftBase(int s, int n, int off, int bOff) {
        double[] t = triangle(s, off, true);
        int grain = Math.max(64, Parallel.roundUp(Parallel.ceilDiv(n, 8), MicroKernel.L));
        Parallel.forBlocks(par, SLOW * s * s * n, n, grain, (lo, hi) -> {
            int w = hi - lo;
            try (Scratch.Lease lease = WORK.lease(w * s)) {
                double[] bt = lease.data();
                for (int j = 0; j < w; j++) {
                    int col = bOff + (lo + j) * ldb;
                    for (int i = 0; i < s; i++) {
                        bt[j + i * w] = b[col + i];
                    }
                }
                substitute(t, s, !lower, bt, 0, w, 0, w);
                for (int j = 0; j < w; j++) {
                    int col = bOff + (lo + j) * ldb;
                    for (int i = 0; i < s; i++) {
                        b[col + i] = bt[j + i * w];
                    }
                }
            }
        });
    }

    /** X op(A) = B on a diagonal block; rows of B are independent, so they are split over threads. */
    private void rightBase(int m, int s, int off, int bOff) {
        double[] t = triangle(s, off, false);
        int grain = Math.max(256, Parallel.roundUp(Parallel.ceilDiv(m, 8), MicroKernel.L));
        Parallel.forBlocks(par, SLOW * s * s * m, m, grain,
                (lo, hi) -> substitute(t, s, lower, b, bOff, ldb, lo, hi));
    }

    /**
     * X T = X0 in place for rows [lo, hi) of the block of x at {@code xOff} (column stride
     * {@code ldx}), T dense s×s and triangular: column j of X is column j of X0 minus the
     * already solved columns (earlier ones if T is upper, later ones if lower) times T's entries,
     * divided by T(j, j). The subtraction is a gemv along the column slice.
     */
    private void substitute(double[] t, int s, boolean lowerT, double[] x, int xOff, int ldx, int lo, int hi) {
        int rows = hi - lo;
        for (int step = 0; step < s; step++) {
            int j = lowerT ? s - 1 - step : step;
            int colJ = xOff + lo + j * ldx;
            int from = lowerT ? j + 1 : 0;
            int to = lowerT ? s : j;
            Gemv.columnSweep(lo, hi, to - from, -1.0, x, xOff + from * ldx, ldx, t, from + j * s, x, xOff + j * ldx);
            if (!unit) {
                Vec.scal(rows, 1.0 / t[j + j * s], x, colJ);
            }
        }
    }
}
