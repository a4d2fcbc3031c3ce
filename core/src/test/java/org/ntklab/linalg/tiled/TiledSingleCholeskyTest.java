package org.ntklab.linalg.tiled;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/** The tiled single-precision Cholesky against LAPACK's double-precision dpotrf/dpotrs on the same matrix. */
class TiledSingleCholeskyTest {

    private static final int N = 1000; // 6 tile rows of 192, the last of 40

    @BeforeEach
    void needsNative() {
        Assumptions.assumeTrue(TiledSingleCholesky.available(), "needs a native single-precision BLAS and LAPACK");
    }

    /** G Gᵀ/n + shift·I for a Gaussian n×n G: eigenvalues in about [shift, 4 + shift]. */
    private static double[] spd(int n, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        double[] a = new double[n * n];
        Backends.javaBackend().blas().dgemm(Trans.N, Trans.T, n, n, n, 1.0 / n, g, 0, n, g, 0, n, 0.0, a, 0, n);
        for (int i = 0; i < n; i++) {
            a[i + i * n] += shift;
        }
        return a;
    }

    private static TiledSingleCholesky tiled(double[] a, int n) {
        TiledSingleCholesky t = TiledSingleCholesky.allocate(n, TiledGram.TILE);
        TiledGram.fill(n, n, true, 0, (i0, j0, h, w, tiles, scratch) -> {
            for (int c = 0; c < w; c++) {
                for (int r = 0; r < h; r++) {
                    tiles[0][r + c * h] = a[i0 + r + (j0 + c) * n];
                }
            }
        }, done -> { }, t);
        return t;
    }

    @Test
    void factorAndSolveAgreeWithDoublePrecisionLapack() {
        double[] a = spd(N, 0.5, 3);
        TiledSingleCholesky t = tiled(a, N);
        assertTrue(t.factor(done -> { }));
        double[] l = a.clone();
        assertTrue(Backends.lapack().dpotrf(Uplo.LOWER, N, l, 0, N) == 0);
        double worst = 0;
        double largest = 0;
        for (int j = 0; j < N; j++) {
            for (int i = j; i < N; i++) {
                worst = Math.max(worst, Math.abs(t.get(i, j) - l[i + j * N]));
                largest = Math.max(largest, Math.abs(l[i + j * N]));
            }
        }
        // condition ≈ 9: single precision keeps about 6 digits of every entry of L
        assertTrue(worst <= 2e-5 * largest, "factor off by " + worst + " of " + largest);

        int nrhs = 3;
        SplittableRandom r = new SplittableRandom(5);
        double[] b = new double[N * nrhs];
        float[] bf = new float[N * nrhs];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
            bf[i] = (float) b[i];
        }
        t.solve(bf, nrhs);
        Backends.lapack().dpotrs(Uplo.LOWER, N, nrhs, l, 0, N, b, 0, N);
        double err = 0;
        double size = 0;
        for (int i = 0; i < b.length; i++) {
            err = Math.max(err, Math.abs(bf[i] - b[i]));
            size = Math.max(size, Math.abs(b[i]));
        }
        assertTrue(err <= 2e-5 * size, "solve off by " + err + " of " + size);
    }

    @Test
    void anIndefiniteMatrixIsRefused() {
        double[] a = spd(N, -1.0, 4); // eigenvalues down to about −1
        assertFalse(tiled(a, N).factor(done -> { }));
    }

    @Test
    void theHeldBytesCountOnlyTheLowerTriangle() {
        int t = TiledSingleCholesky.TILE;
        // 2 full tile rows: 3 full tiles
        assertTrue(TiledSingleCholesky.bytes(2 * t) == 4L * 3 * t * t);
        // plus a last row of 10: 2 tiles of 10×t and a 10×10 one
        assertTrue(TiledSingleCholesky.bytes(2 * t + 10) == 4L * (3L * t * t + 2L * 10 * t + 100));
        assertTrue(TiledSingleCholesky.bytes(65536) < 4L * 65536 * 65536 / 2 + 4L * 65536 * t);
    }
}
