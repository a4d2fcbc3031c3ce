package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.TestData;

/** Nyström-preconditioned Davidson (GD+k) against known spectra and LAPACK. */
class DavidsonTest {

    /** Q diag(λ) Qᵀ with a random orthogonal Q. */
    static Matrix withSpectrum(double[] lambda, long seed) {
        return Matrices.withSpectrum(lambda, Matrices.orthogonal(lambda.length, seed));
    }

    static Matrix columnsOf(Matrix k, int[] s) {
        int n = k.rows();
        double[] c = new double[n * s.length];
        for (int j = 0; j < s.length; j++) {
            System.arraycopy(k.data(), s[j] * n, c, j * n, n);
        }
        return new Matrix(n, s.length, c);
    }

    @Test
    void spikedIllConditionedSpectrumWithAClusteredBottom() {
        // like an NTK Gram: a few large eigenvalues (up to 1e5) over a bulk in [1, 10] whose bottom is clustered
        // (1, 1.002, 1.004, ...): Lanczos on K sees condition 1e5, the Nyström-deflated operator about 10
        int n = 500;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = i < 10 ? 1 + 2e-3 * i : i < n - 40 ? 1.05 + 9 * (i - 10.0) / (n - 50) : 1e3 * Math.pow(100, (i - n + 40) / 39.0);
        }
        Matrix k = withSpectrum(lambda, 7);
        DenseOperator op = new DenseOperator(SymmetricInput.of(k, "K"));
        EigenOptions o = EigenOptions.defaults().withTol(1e-10);
        long[] updates = {0, Long.MAX_VALUE};
        EigenEstimate e = MatrixFreeEigen.lambdaMin(op, s -> columnsOf(k, s), 100, o, (done, total, value, residual) -> {
            updates[0]++;
            updates[1] = Math.min(updates[1], total - done);
        });
        EigenEstimate lanczos = MatrixFreeEigen.lambdaMin(op, o.withMaxMatvecs(e.iterations()));
        System.out.printf(Locale.ROOT, "spiked spectrum n=500: Davidson λ_min %.15g in %d products (residual %.2g, %s); Lanczos with as "
                + "many products %.15g (residual %.2g)%n", e.value(), e.iterations(), e.residual(), e.method(), lanczos.value(),
                lanczos.residual());
        assertTrue(e.converged(), e.toString());
        assertTrue(e.method().contains("Nyström"), e.method());
        assertEquals(1.0, e.value(), 1e-12, "λ_min = 1 (second-order in the residual)");
        assertTrue(e.residual() <= 2e-10 * e.value());
        assertTrue(lanczos.value() - 1.0 > 1e3 * Math.max(e.value() - 1.0, 1e-15), "the preconditioner is what makes the difference");
        // keeping the cluster's Ritz vectors is what separates it: single-vector LOBPCG needed 713 products here
        assertTrue(e.iterations() <= 400, "products " + e.iterations());
        assertTrue(updates[0] >= e.iterations() / 2 && updates[1] >= 0, "progress after every step, within the budget");
        // converged: the value barely moved over the last quarter (and never rose beyond rounding)
        assertTrue(e.recentChange() >= -1e-12 && e.recentChange() <= 1e-6, "recent change " + e.recentChange());
        EigenEstimate early = MatrixFreeEigen.lambdaMin(op, s -> columnsOf(k, s), 100, o.withMaxMatvecs(40));
        assertTrue(!early.converged() && early.recentChange() > 1e-8, "cut short: still moving " + early.recentChange());
        assertTrue(early.value() - 1.0 >= early.recentChange() * 0.1, "the indicator is of the size of the remaining error");
    }

    @Test
    void fullRankSampleOfASingularMatrixStaysBounded() {
        // rank 10 of 40 plus a tiny ridge: sampling all 40 columns gives λ̂ ≈ 0 for 30 directions
        double[] lambda = new double[40];
        for (int i = 0; i < 40; i++) {
            lambda[i] = i < 30 ? 1e-9 * (1 + i) : 10 + i;
        }
        Matrix k = withSpectrum(lambda, 3);
        EigenEstimate e = MatrixFreeEigen.lambdaMin(new DenseOperator(SymmetricInput.of(k, "K")), s -> columnsOf(k, s), 40,
                EigenOptions.defaults().withTol(1e-6).withMaxMatvecs(2000));
        assertTrue(Double.isFinite(e.value()) && Double.isFinite(e.residual()), e.toString());
        assertTrue(e.value() <= 1e-6, "λ_min ≈ 1e-9 up to the residual: " + e);
    }

    @Test
    void empiricalNtkAgreesWithLapack() {
        Matrix x = TestData.gaussian(400, 6, 31);
        FiniteNetwork net = FiniteNetwork.initialise(new SpecBuilder().preset(Preset.ARORA).depth(2).widths(128, 128).build(6),
                Initialisation.standard(), 9);
        Matrix dense = EmpiricalNtk.structured(net, x);
        double lapack = DenseEigenTest.lapackMin(dense);
        EigenEstimate e = MatrixFreeEigen.lambdaMin(EmpiricalNtk.operator(net, x),
                s -> EmpiricalNtk.structured(net, x, x.selectRows(s)), 64, EigenOptions.defaults().withTol(1e-9));
        System.out.printf(Locale.ROOT, "empirical NTK n=400: Davidson λ_min %.15g (%d products, residual %.2g), LAPACK %.15g%n", e.value(),
                e.iterations(), e.residual(), lapack);
        assertTrue(e.converged());
        assertTrue(DenseEigenTest.rel(e.value(), lapack) <= 1e-10, e.value() + " vs " + lapack);
        // seeded: the same numbers again
        EigenEstimate again = MatrixFreeEigen.lambdaMin(EmpiricalNtk.operator(net, x),
                s -> EmpiricalNtk.structured(net, x, x.selectRows(s)), 64, EigenOptions.defaults().withTol(1e-9));
        assertEquals(e.value(), again.value(), 0.0);
    }
}
