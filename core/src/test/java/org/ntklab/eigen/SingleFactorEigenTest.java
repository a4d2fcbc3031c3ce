package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;

/** The single-precision-factor Davidson against LAPACK on a dense empirical NTK. */
class SingleFactorEigenTest {

    @Test
    void empiricalNtkAgreesWithLapack() {
        Assumptions.assumeTrue(TiledSingleCholesky.available(), "needs a native single-precision BLAS and LAPACK");
        int n = 1200;
        Matrix x = TestData.gaussian(n, 8, 41);
        // P = 8·64 + 64·64 + 64 = 4672 parameters, P/N ≈ 3.9
        FiniteNetwork net = FiniteNetwork.initialise(new SpecBuilder().preset(Preset.ARORA).depth(2).widths(64, 64).build(8),
                Initialisation.standard(), 3);
        Matrix dense = EmpiricalNtk.structured(net, x);
        double lapack = DenseEigenTest.lapackMin(dense);
        // 384-row tiles (4 tile rows, the last of 48): the multi-tile paths of the factor and the solves
        TiledSingleCholesky f = TiledSingleCholesky.allocate(n, 2 * TiledGram.TILE);
        double[] k = dense.data();
        TiledGram.fill(n, n, true, 0, (i0, j0, h, w, tiles, scratch) -> {
            for (int c = 0; c < w; c++) {
                System.arraycopy(k, i0 + (j0 + c) * n, tiles[0], c * h, h);
            }
        }, done -> { }, f);
        assertTrue(f.factor(done -> { }));
        EigenOptions o = EigenOptions.defaults().withTol(1e-10);
        EigenEstimate e = MatrixFreeEigen.lambdaMin(EmpiricalNtk.operator(net, x), f, o, EigenProgress.NONE);
        System.out.printf(Locale.ROOT, "empirical NTK n=%d: single-factor Davidson λ_min %.15g (%d products, residual %.2g, "
                + "error estimate %.2g), LAPACK %.15g%n", n, e.value(), e.iterations(), e.residual(), e.errorEstimate(), lapack);
        assertTrue(e.converged(), e.toString());
        assertEquals(lapack, e.value(), 1e-9 * lapack);
        assertTrue(e.value() >= lapack - 1e-12 * lapack, "a Rayleigh quotient is not below λ_min");
        assertTrue(e.residual() <= 1e-10 * e.value() || e.errorEstimate() <= 1e-10 * e.value(), "the stopping rule holds");
        assertTrue(e.iterations() <= 200, "products " + e.iterations());
    }
}
