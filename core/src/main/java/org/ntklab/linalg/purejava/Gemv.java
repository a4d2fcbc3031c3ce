package org.ntklab.linalg.purejava;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ntklab.linalg.Trans;

/**
 * y := alpha op(A) x + beta y. Memory-bound, so the aim is to read A exactly once, sequentially:
 * {@code N} sweeps columns four at a time into a slice of y, {@code T} takes one dot product per
 * column. Work is split over rows of y ({@code N}) or elements of y ({@code T}), never over the
 * summation, so each y element is summed in the same order on any number of threads.
 */
final class Gemv {

    private static final VectorSpecies<Double> S = MicroKernel.S;
    private static final int L = MicroKernel.L;

    private Gemv() {
    }

    static void gemv(boolean par, Trans trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        int lenY = trans == Trans.N ? m : n;
        int lenX = trans == Trans.N ? n : m;
        if (lenY == 0) {
            return;
        }
        if (beta == 0.0) {
            java.util.Arrays.fill(y, yOff, yOff + lenY, 0.0);
        } else if (beta != 1.0) {
            Vec.scal(lenY, beta, y, yOff);
        }
        if (alpha == 0.0 || lenX == 0) {
            return;
        }
        double flops = 2.0 * m * n;
        if (trans == Trans.N) {
            int grain = Math.max(1024, Parallel.roundUp(Parallel.ceilDiv(m, 8), L));
            Parallel.forBlocks(par, flops, m, grain, (lo, hi) -> columnSweep(lo, hi, n, alpha, a, aOff, lda, x, xOff, y, yOff));
        } else {
            int grain = Math.max(16, Parallel.ceilDiv(n, 8));
            Parallel.forBlocks(par, flops, n, grain, (lo, hi) -> {
                for (int j = lo; j < hi; j++) {
                    y[yOff + j] = Math.fma(alpha, Vec.dot(m, a, aOff + j * lda, x, xOff), y[yOff + j]);
                }
            });
        }
    }

    /** Rows [lo, hi) of y += alpha A x, four columns per pass so y is loaded and stored a quarter as often. */
    static void columnSweep(int lo, int hi, int n, double alpha, double[] a, int aOff, int lda,
                                    double[] x, int xOff, double[] y, int yOff) {
        int j = 0;
        for (; j <= n - 4; j += 4) {
            double t0 = alpha * x[xOff + j], t1 = alpha * x[xOff + j + 1];
            double t2 = alpha * x[xOff + j + 2], t3 = alpha * x[xOff + j + 3];
            DoubleVector v0 = DoubleVector.broadcast(S, t0), v1 = DoubleVector.broadcast(S, t1);
            DoubleVector v2 = DoubleVector.broadcast(S, t2), v3 = DoubleVector.broadcast(S, t3);
            int c0 = aOff + j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            int i = lo;
            for (; i <= hi - L; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
                v = DoubleVector.fromArray(S, a, c0 + i).fma(v0, v);
                v = DoubleVector.fromArray(S, a, c1 + i).fma(v1, v);
                v = DoubleVector.fromArray(S, a, c2 + i).fma(v2, v);
                v = DoubleVector.fromArray(S, a, c3 + i).fma(v3, v);
                v.intoArray(y, yOff + i);
            }
            for (; i < hi; i++) {
                double v = y[yOff + i];
                v = Math.fma(a[c0 + i], t0, v);
                v = Math.fma(a[c1 + i], t1, v);
                v = Math.fma(a[c2 + i], t2, v);
                y[yOff + i] = Math.fma(a[c3 + i], t3, v);
            }
        }
        for (; j < n; j++) {
            Vec.axpy(hi - lo, alpha * x[xOff + j], a, aOff + j * lda + lo, y, yOff + lo);
        }
    }
}
