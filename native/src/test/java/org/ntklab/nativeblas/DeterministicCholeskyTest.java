package org.ntklab.nativeblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The native Cholesky factorisations give the same bits at 1, 2 and 3 threads (issue 21): dpotrf,
 * which is also checked to be a Cholesky factor against the pure-Java LAPACK, dpotrs, and the
 * single-precision spotrf/spotrs and tiled factor and solve of the certificates. OpenBLAS's own
 * dpotrf failed the first check at these sizes (1, 2 and 3 threads gave three factors).
 */
class DeterministicCholeskyTest {

    /** An SPD matrix G Gᵀ/p of order n, stored with leading dimension lda ≥ n. */
    private static double[] spd(int n, int lda) {
        int p = n + 10;
        SplittableRandom r = new SplittableRandom(n);
        double[] g = new double[n * p];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        double[] a = new double[lda * n];
        Backends.javaBackend().blas().dgemm(Trans.N, Trans.T, n, n, p, 1.0 / p, g, 0, n, g, 0, n, 0.0, a, 0, lda);
        return a;
    }

    @Test
    void theFactorHasTheSameBitsAtAnyThreadCountAndIsTheCholeskyFactor() {
        Backend nat = Backends.current();
        assumeTrue("native".equals(nat.info().kind()), "pure-Java run: nothing native to check");
        int before = ThreadBudget.threads();
        try {
            // one block, a multiple of the block, a ragged last block (the corner copy), a leading dimension > n
            for (int[] shape : new int[][] {{300, 300}, {1024, 1024}, {1301, 1301}, {1100, 1117}}) {
                int n = shape[0];
                int lda = shape[1];
                double[] a = spd(n, lda);
                double[] first = null;
                for (int t : new int[] {1, 2, 3}) {
                    ThreadBudget.setThreads(t);
                    double[] f = a.clone();
                    assertEquals(0, nat.lapack().dpotrf(Uplo.LOWER, n, f, 0, lda));
                    if (first == null) {
                        first = f;
                    } else {
                        assertArrayEquals(first, f, "n = " + n + ", lda = " + lda + ": the factor at " + t + " threads");
                    }
                }
                // the solve with the factor, several right-hand sides
                int nrhs = 16;
                double[] rhs = new double[n * nrhs];
                SplittableRandom r = new SplittableRandom(7);
                for (int i = 0; i < rhs.length; i++) {
                    rhs[i] = r.nextGaussian();
                }
                double[] firstSolve = null;
                for (int t : new int[] {1, 2, 3}) {
                    ThreadBudget.setThreads(t);
                    double[] x = rhs.clone();
                    assertEquals(0, nat.lapack().dpotrs(Uplo.LOWER, n, nrhs, first, 0, lda, x, 0, n));
                    if (firstSolve == null) {
                        firstSolve = x;
                    } else {
                        assertArrayEquals(firstSolve, x, "n = " + n + ": dpotrs at " + t + " threads");
                    }
                }
                double[] oracle = a.clone();
                assertEquals(0, Backends.javaBackend().lapack().dpotrf(Uplo.LOWER, n, oracle, 0, lda));
                double worst = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    for (int i = j; i < n; i++) {
                        worst = Math.max(worst, Math.abs(first[i + j * lda] - oracle[i + j * lda]));
                        scale = Math.max(scale, Math.abs(oracle[i + j * lda]));
                    }
                }
                assertTrue(worst <= 1e-11 * scale, "n = " + n + ": against the pure-Java factor, " + worst / scale);
                // the strict upper triangle is not touched (LAPACK's contract)
                for (int j = 1; j < n; j++) {
                    for (int i = 0; i < j; i++) {
                        assertEquals(a[i + j * lda], first[i + j * lda], "upper entry " + i + "," + j);
                    }
                }
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void theSinglePrecisionFactorsAndSolvesHaveTheSameBitsAtAnyThreadCount() {
        Backend nat = Backends.current();
        assumeTrue("native".equals(nat.info().kind()), "pure-Java run: nothing native to check");
        int n = 1100;
        int nrhs = 16;
        double[] a = spd(n, n);
        float[] rhs = new float[n * nrhs];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] = (float) r.nextGaussian();
        }
        int before = ThreadBudget.threads();
        try {
            float[][] first = null;
            for (int t : new int[] {1, 2, 3}) {
                ThreadBudget.setThreads(t);
                float[] f = new float[n * n];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) a[i];
                }
                assertEquals(0, nat.lapack().spotrf(Uplo.LOWER, n, f, n));
                float[] x = rhs.clone();
                assertEquals(0, nat.lapack().spotrs(Uplo.LOWER, n, nrhs, f, n, x, n));
                // tiles of 192: a 6×6 tile triangle, so that every step has several tasks
                TiledSingleCholesky tiled = TiledSingleCholesky.allocate(n, TiledGram.TILE);
                for (int j = 0; j < n; j++) {
                    for (int i = j; i < n; i++) {
                        tiled.set(i, j, a[i + j * n]);
                    }
                }
                assertTrue(tiled.factor(done -> { }));
                float[] y = rhs.clone();
                tiled.solve(y, nrhs);
                float[][] now = {f, x, y};
                if (first == null) {
                    first = now;
                } else {
                    assertArrayEquals(first[0], f, "spotrf at " + t + " threads");
                    assertArrayEquals(first[1], x, "spotrs at " + t + " threads");
                    assertArrayEquals(first[2], y, "the tiled factor and solve at " + t + " threads");
                }
            }
            // the tiled solve is a solve: a backward error |A x − b| / (|A| |x|) of single-precision size
            double worst = 0;
            for (int c = 0; c < nrhs; c++) {
                for (int i = 0; i < n; i++) {
                    double ax = 0;
                    double size = 0;
                    for (int k = 0; k < n; k++) {
                        double term = a[Math.max(i, k) + Math.min(i, k) * n] * first[2][k + c * n];
                        ax += term;
                        size += Math.abs(term);
                    }
                    worst = Math.max(worst, Math.abs(ax - rhs[i + c * n]) / size);
                }
            }
            assertTrue(worst < 1e-4, "backward error of the tiled solve: " + worst);
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteReportsTheFirstFailingColumn() {
        Backend nat = Backends.current();
        assumeTrue("native".equals(nat.info().kind()), "pure-Java run: nothing native to check");
        int n = 1200;
        double[] a = spd(n, n);
        a[700 + 700 * n] = -1; // the leading 700×700 block is PD, the 701st pivot is negative
        double[] j = a.clone();
        int expected = Backends.javaBackend().lapack().dpotrf(Uplo.LOWER, n, j, 0, n);
        assertEquals(701, expected);
        assertEquals(expected, nat.lapack().dpotrf(Uplo.LOWER, n, a.clone(), 0, n));
    }

    @Test
    void aLeadingDimensionBelowTheOrderIsRefusedNotReportedAsAFailedPivot() {
        Backend nat = Backends.current();
        assumeTrue("native".equals(nat.info().kind()), "pure-Java run: nothing native to check");
        double[] a = spd(1000, 1000);
        for (int lda : new int[] {999, 600}) {
            assertThrows(IllegalArgumentException.class, () -> nat.lapack().dpotrf(Uplo.LOWER, 1000, a.clone(), 0, lda));
        }
    }
}
