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

    private final double[] a;
    /** op(A)(i, j) is {@code a[off + i*rs + j*cs]}. */
    private final int rs, cs;
    private final boolean lower, unit;
    private final double[] b;
    private final int ldb;

    private Trsm(double[] a, int rs, int cs, boolean lower, boolean unit, double[] b, int ldb) {
        this.a = a;
        this.rs = rs;
        this.cs = cs;
        this.lower = lower;
        this.unit = unit;
        this.b = b;
        this.ldb = ldb;
    }

    static void solve(Side side, Uplo uplo, Trans trans, Diag diag, int m, int n, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        GemmEngine.scale(Region.ALL, m, n, alpha, b, bOff, ldb);
        if (alpha == 0.0) {
            return;
        }
        boolean noTrans = trans == Trans.N;
        Trsm t = new Trsm(a, noTrans ? 1 : lda, noTrans ? lda : 1, (uplo == Uplo.LOWER) == noTrans,
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
            GemmEngine.multiply(Region.ALL, m2, n, m1, -1.0, a, off + m1 * rs, rs, cs, b, bOff, 1, ldb,
                    1.0, b, bOff + m1, ldb);
            left(m2, n, off22, bOff + m1);
        } else {
            left(m2, n, off22, bOff + m1);
            GemmEngine.multiply(Region.ALL, m1, n, m2, -1.0, a, off + m1 * cs, rs, cs, b, bOff + m1, 1, ldb,
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
            GemmEngine.multiply(Region.ALL, m, n1, n2, -1.0, b, bOff2, 1, ldb, a, off + n1 * rs, rs, cs,
                    1.0, b, bOff, ldb);
            right(m, n1, off, bOff);
        } else {
            right(m, n1, off, bOff);
            GemmEngine.multiply(Region.ALL, m, n2, n1, -1.0, b, bOff, 1, ldb, a, off + n1 * cs, rs, cs,
                    1.0, b, bOff2, ldb);
            right(m, n2, off22, bOff2);
        }
    }

    /** Splits an order so the first part is a multiple of 8 (aligned gemm shapes) and both parts are non-empty. */
    private static int split(int n) {
        return Parallel.roundUp(n / 2, 8);
    }

    /** The s×s triangle of op(A) at {@code off} as a dense column-major array, unit diagonal made explicit. */
    private double[] triangle(int s, int off) {
        double[] t = new double[s * s];
        for (int j = 0; j < s; j++) {
            int from = lower ? j : 0;
            int to = lower ? s : j + 1;
            for (int i = from; i < to; i++) {
                t[i + j * s] = a[off + i * rs + j * cs];
            }
            if (unit) {
                t[j + j * s] = 1.0;
            }
        }
        return t;
    }

    /** Substitution down (lower) or up (upper) each column of B; columns are independent, so split over them. */
    private void leftBase(int s, int n, int off, int bOff) {
        double[] t = triangle(s, off);
        int grain = Math.max(16, Parallel.ceilDiv(n, 8));
        Parallel.forBlocks(n, grain, (double) s * s * n, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                int col = bOff + c * ldb;
                for (int step = 0; step < s; step++) {
                    int j = lower ? step : s - 1 - step;
                    if (!unit) {
                        b[col + j] /= t[j + j * s];
                    }
                    double x = b[col + j];
                    if (x != 0.0) {
                        if (lower) {
                            Vec.axpy(s - j - 1, -x, t, j + 1 + j * s, b, col + j + 1);
                        } else {
                            Vec.axpy(j, -x, t, j * s, b, col);
                        }
                    }
                }
            }
        });
    }

    /**
     * Column j of X is column j of B minus earlier (upper) or later (lower) columns of X times
     * entries of the triangle; rows of B are independent, so split over them.
     */
    private void rightBase(int m, int s, int off, int bOff) {
        double[] t = triangle(s, off);
        int grain = Math.max(256, Parallel.roundUp(Parallel.ceilDiv(m, 8), MicroKernel.L));
        Parallel.forBlocks(m, grain, (double) s * s * m, (lo, hi) -> {
            int rows = hi - lo;
            for (int step = 0; step < s; step++) {
                int j = lower ? s - 1 - step : step;
                int colJ = bOff + lo + j * ldb;
                int from = lower ? j + 1 : 0;
                int to = lower ? s : j;
                for (int l = from; l < to; l++) {
                    double tlj = t[l + j * s];
                    if (tlj != 0.0) {
                        Vec.axpy(rows, -tlj, b, bOff + lo + l * ldb, b, colJ);
                    }
                }
                if (!unit) {
                    Vec.scal(rows, 1.0 / t[j + j * s], b, colJ);
                }
            }
        });
    }
}
