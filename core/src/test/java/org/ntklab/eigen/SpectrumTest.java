package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;

/** dsyevd and dsyevr against each other and against the closed-form Laplacian spectrum. */
class SpectrumTest {

    @Test
    void fullSpectrumOfTheLaplacian() {
        int n = 120;
        double[] w = Spectrum.all(Matrices.laplacian(n), false).values();
        for (int k = 1; k <= n; k++) {
            assertEquals(Matrices.laplacianEigenvalue(n, k), w[k - 1], 1e-14, "λ_" + k);
        }
    }

    @Test
    void rangeAgreesWithTheFullDecompositionAndItsVectorsAreEigenvectors() {
        Matrix k = new AnalyticKernel(Preset.JACOT.spec(4, 2, null)).ntk(TestData.gaussian(150, 4, 5));
        Spectrum.Eigensystem all = Spectrum.all(k, true);
        Spectrum.Eigensystem some = Spectrum.range(k, 10, 15, true);
        double scale = all.values()[149];
        for (int j = 0; j < 5; j++) {
            assertEquals(all.values()[10 + j], some.values()[j], 1e-13 * scale);
            double r = 0;
            for (int i = 0; i < 150; i++) {
                double s = -some.values()[j] * some.vectors().get(i, j);
                for (int c = 0; c < 150; c++) {
                    s += k.get(i, c) * some.vectors().get(c, j);
                }
                r += s * s;
            }
            assertTrue(Math.sqrt(r) <= 1e-12 * scale, "residual " + Math.sqrt(r));
        }
        assertThrows(IllegalArgumentException.class, () -> Spectrum.range(k, 5, 5, false));
        assertThrows(IllegalArgumentException.class, () -> Spectrum.range(k, 0, 151, false));
    }
}
