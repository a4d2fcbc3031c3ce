package org.ntklab.linalg.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * Independent, deliberately naive reference implementations (plain loops straight from the
 * definitions) and the comparison the pure-Java BLAS tests use.
 */
final class Ref {

    /** Relative error allowed, in the max norm, normalised by the largest |entry| of the reference. */
    static final double TOL = 1e-12;

    private Ref() {
    }

    static double[] random(SplittableRandom rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextDouble(-1.0, 1.0);
        }
        return x;
    }

    /** op(X)(i, j) for a column-major X. */
    static double op(Trans t, double[] x, int off, int ld, int i, int j) {
        return t == Trans.N ? x[off + i + j * ld] : x[off + j + i * ld];
    }

    static void gemm(Trans ta, Trans tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                if (alpha != 0) {
                    for (int l = 0; l < k; l++) {
                        s += op(ta, a, aOff, lda, i, l) * op(tb, b, bOff, ldb, l, j);
                    }
                }
                int ci = cOff + i + j * ldc;
                c[ci] = alpha * s + (beta == 0 ? 0.0 : beta * c[ci]);
            }
        }
    }

    static void syrk(Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        // C = alpha op(A) op(A)ᵀ with op(A) n×k: op(A) = A for N, Aᵀ for T
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (uplo == Uplo.LOWER ? i < j : i > j) {
                    continue;
                }
                double s = 0;
                if (alpha != 0) {
                    for (int l = 0; l < k; l++) {
                        s += op(trans, a, aOff, lda, i, l) * op(trans, a, aOff, lda, j, l);
                    }
                }
                int ci = cOff + i + j * ldc;
                c[ci] = alpha * s + (beta == 0 ? 0.0 : beta * c[ci]);
            }
        }
    }

    static void gemv(Trans t, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                     double beta, double[] y, int yOff) {
        int leny = t == Trans.N ? m : n;
        int lenx = t == Trans.N ? n : m;
        for (int i = 0; i < leny; i++) {
            double s = 0;
            if (alpha != 0) {
                for (int l = 0; l < lenx; l++) {
                    s += op(t, a, aOff, lda, i, l) * x[xOff + l];
                }
            }
            y[yOff + i] = alpha * s + (beta == 0 ? 0.0 : beta * y[yOff + i]);
        }
    }

    /**
     * dtrsm by explicit substitution on a dense copy of op(A); the right-side case is solved as
     * the transposed left-side problem op(A)ᵀ Xᵀ = alpha Bᵀ.
     */
    static void trsm(Side side, Uplo uplo, Trans trans, Diag diag, int m, int n, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        int s = side == Side.LEFT ? m : n;
        double[][] t = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                // element (r, c) of A is referenced only inside its uplo triangle
                int r = trans == Trans.N ? i : j;
                int c = trans == Trans.N ? j : i;
                boolean inside = uplo == Uplo.LOWER ? r >= c : r <= c;
                t[i][j] = !inside ? 0.0 : r == c && diag == Diag.UNIT ? 1.0 : a[aOff + r + c * lda];
            }
        }
        if (side == Side.RIGHT) {
            double[][] tt = new double[s][s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    tt[i][j] = t[j][i];
                }
            }
            t = tt;
        }
        boolean lower = true;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                lower &= t[i][j] == 0.0;
            }
        }
        int rhs = side == Side.LEFT ? n : m;
        for (int q = 0; q < rhs; q++) {
            double[] x = new double[s];
            for (int i = 0; i < s; i++) {
                x[i] = alpha * (side == Side.LEFT ? b[bOff + i + q * ldb] : b[bOff + q + i * ldb]);
            }
            for (int step = 0; step < s; step++) {
                int i = lower ? step : s - 1 - step;
                double v = x[i];
                for (int l = 0; l < s; l++) {
                    if (l != i && (lower ? l < i : l > i)) {
                        v -= t[i][l] * x[l];
                    }
                }
                x[i] = v / t[i][i];
            }
            for (int i = 0; i < s; i++) {
                if (side == Side.LEFT) {
                    b[bOff + i + q * ldb] = x[i];
                } else {
                    b[bOff + q + i * ldb] = x[i];
                }
            }
        }
    }

    /**
     * Compares whole arrays: inside {@code written} within {@link #TOL} relative to the largest
     * expected |entry| there; everywhere else bit for bit (those elements must be untouched).
     */
    static void assertClose(String what, double[] expected, double[] actual, IntPredicate written) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            if (written.test(i)) {
                scale = Math.max(scale, Math.abs(expected[i]));
            }
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            if (written.test(i)) {
                double err = Math.abs(expected[i] - actual[i]);
                if (!(err <= worst) || Double.isNaN(actual[i])) {
                    worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                    worstAt = i;
                }
            } else if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " outside the output was modified: " + expected[i] + " -> " + actual[i]);
            }
        }
        double rel = scale == 0 ? worst : worst / scale;
        if (!(rel <= TOL)) {
            fail(what + ": relative error " + rel + " > " + TOL + " at " + worstAt + " (expected "
                    + expected[worstAt] + ", got " + actual[worstAt] + ")");
        }
    }

    /** Indices of the m×n block at {@code off} with leading dimension {@code ld}. */
    static IntPredicate block(int off, int ld, int m, int n) {
        return idx -> {
            int rel = idx - off;
            return rel >= 0 && rel % ld < m && rel / ld < n;
        };
    }

    /** Indices of the uplo triangle (diagonal included) of the n×n matrix at {@code off}. */
    static IntPredicate triangle(Uplo uplo, int off, int ld, int n) {
        return idx -> {
            int rel = idx - off;
            if (rel < 0 || rel % ld >= n || rel / ld >= n) {
                return false;
            }
            int i = rel % ld;
            int j = rel / ld;
            return uplo == Uplo.LOWER ? i >= j : i <= j;
        };
    }
}
