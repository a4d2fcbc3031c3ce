package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;

/** Thick-restart Lanczos on known spectra, matrix-free against dense, determinism, budgets. */
class LanczosTest {

    @Test
    void severalExtremePairsOfAKnownSpectrumThroughRestarts() {
        int n = 300;
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            values[j] = 1 + j + 0.5 * Math.sin(j);
        }
        double[][] q = Matrices.orthogonal(n, 9);
        Matrix k = Matrices.withSpectrum(values, q);
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        SymmetricOperator op = new DenseOperator(SymmetricInput.of(k, "K"));
        LanczosResult top = Lanczos.run(op, Lanczos.Config.of(Lanczos.Which.LARGEST, 3).basis(20).tol(1e-12));
        LanczosResult bottom = Lanczos.run(op, Lanczos.Config.of(Lanczos.Which.SMALLEST, 3).basis(20).tol(1e-12));
        assertTrue(top.converged() && bottom.converged());
        assertTrue(top.restarts() > 0, "the basis of 20 must restart");
        double scale = sorted[n - 1];
        for (int p = 0; p < 3; p++) {
            // residual ≤ 1e-12·|θ| bounds the error by the residual; the rounding of K adds n·u·‖K‖
            assertEquals(sorted[n - 1 - p], top.values()[p], 1e-11 * scale, "largest " + p);
            assertEquals(sorted[p], bottom.values()[p], 1e-11 * scale, "smallest " + p);
            double[] x = top.vectors()[p];
            double[] kx = new double[n];
            op.apply(x, kx);
            double r = 0;
            for (int i = 0; i < n; i++) {
                r += (kx[i] - top.values()[p] * x[i]) * (kx[i] - top.values()[p] * x[i]);
            }
            assertTrue(Math.sqrt(r) <= 1e-10 * scale, "explicit residual " + Math.sqrt(r));
        }
    }

    @Test
    void matrixFreeLambdaMinOfAnEmpiricalNtkEqualsTheDenseOne() {
        Matrix x = TestData.gaussian(150, 5, 21);
        FiniteNetwork net = FiniteNetwork.initialise(new SpecBuilder().preset(Preset.ARORA).depth(2).widths(96, 96).build(5),
                Initialisation.standard(), 4);
        Matrix dense = EmpiricalNtk.structured(net, x);
        double lapack = DenseEigenTest.lapackMin(dense);
        EigenEstimate viaDense = DenseEigen.lambdaMin(dense, EigenOptions.defaults());
        EigenEstimate free = MatrixFreeEigen.lambdaMin(EmpiricalNtk.operator(net, x), EigenOptions.defaults().withTol(1e-12));
        System.out.printf(Locale.ROOT, "empirical NTK n=150: matrix-free λ_min %.15g (%d matvecs, %d restarts, residual %.2g), "
                + "dense %.15g, LAPACK %.15g%n", free.value(), free.iterations(), free.restarts(), free.residual(), viaDense.value(), lapack);
        assertTrue(free.converged());
        assertTrue(free.restarts() > 0, "150 points and a basis of 64 must restart");
        assertTrue(DenseEigenTest.rel(free.value(), viaDense.value()) <= 1e-9, free.value() + " vs " + viaDense.value());
        assertTrue(DenseEigenTest.rel(viaDense.value(), lapack) <= 1e-10);
        EigenEstimate top = MatrixFreeEigen.lambdaMax(EmpiricalNtk.operator(net, x), EigenOptions.defaults());
        assertTrue(DenseEigenTest.rel(top.value(), DenseEigenTest.lapackMax(dense)) <= 1e-10);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Matrix k = new AnalyticKernel(Preset.ARORA.spec(10, 3, null)).ntk(TestData.sphere(700, 10, 2));
        int before = ThreadBudget.threads();
        try {
            ThreadBudget.setThreads(1);
            EigenEstimate free1 = MatrixFreeEigen.lambdaMin(new DenseOperator(SymmetricInput.of(k, "K")),
                    EigenOptions.defaults().withMaxMatvecs(120));
            EigenEstimate min1 = DenseEigen.lambdaMin(k, EigenOptions.defaults());
            CertifiedBracket b1 = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
            ThreadBudget.setThreads(2);
            EigenEstimate free2 = MatrixFreeEigen.lambdaMin(new DenseOperator(SymmetricInput.of(k, "K")),
                    EigenOptions.defaults().withMaxMatvecs(120));
            EigenEstimate min2 = DenseEigen.lambdaMin(k, EigenOptions.defaults());
            CertifiedBracket b2 = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
            // our own kernels: bit for bit
            assertEquals(free1.value(), free2.value(), 0.0);
            assertArrayEquals(free1.vector(), free2.vector(), 0.0);
            // Cholesky and its solves come from the backend (OpenBLAS may block differently per thread count)
            assertTrue(DenseEigenTest.rel(min1.value(), min2.value()) <= 1e-14, min1.value() + " vs " + min2.value());
            assertTrue(DenseEigenTest.rel(b1.lower(), b2.lower()) <= 1e-12 && DenseEigenTest.rel(b1.upper(), b2.upper()) <= 1e-14);
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void aBudgetRunOutIsReportedWithTheBestPair() {
        int n = 200;
        Matrix k = Matrices.laplacian(n);
        EigenEstimate e = MatrixFreeEigen.lambdaMax(new DenseOperator(SymmetricInput.of(k, "K")),
                EigenOptions.defaults().withMaxMatvecs(10));
        assertFalse(e.converged());
        double lmax = Matrices.laplacianEigenvalue(n, n);
        assertTrue(e.value() <= lmax + 1e-14, "a Ritz value never exceeds λ_max");
        assertTrue(e.low() <= lmax + 1e-14 && e.residual() > 1e-6, "the residual interval is reported: " + e);
        EigenEstimate seeded = MatrixFreeEigen.lambdaMax(new DenseOperator(SymmetricInput.of(k, "K")),
                EigenOptions.defaults().withMaxMatvecs(10).withSeed(7));
        assertTrue(seeded.value() != e.value(), "the start vector comes from the seed");
    }

    @Test
    void configurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> Lanczos.Config.of(Lanczos.Which.LARGEST, 0));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.Config.of(Lanczos.Which.LARGEST, 5).basis(5));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.Config.of(Lanczos.Which.LARGEST, 1).tol(2));
        SymmetricOperator op = new DenseOperator(SymmetricInput.of(Matrices.laplacian(5), "K"));
        assertThrows(IllegalArgumentException.class,
                () -> Lanczos.run(op, Lanczos.Config.of(Lanczos.Which.LARGEST, 1).start(new double[3])));
    }
}
