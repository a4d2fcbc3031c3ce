package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;

/**
 * λ_min and λ_max against LAPACK (dsyevr) and closed forms; the certified bracket against LAPACK.
 * Tolerances: 1e-10 relative for the values (the solvers aim at 1e-11); the bracket must contain
 * LAPACK's value and be narrower than 1e-8 relative.
 */
class DenseEigenTest {

    static final double REL = 1e-10;

    static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }

    static double lapackMin(Matrix k) {
        return Spectrum.range(k, 0, 1, false).values()[0];
    }

    static double lapackMax(Matrix k) {
        return Spectrum.range(k, k.rows() - 1, k.rows(), false).values()[0];
    }

    /**
     * LAPACK's own error bound used when checking that a bracket contains its value: a backward-stable
     * eigensolver's eigenvalues are off by a modest multiple of u·‖K‖₂, and the certified upper end
     * (a Rayleigh quotient enclosed to a few ulps) is sharper than that.
     */
    static double lapackError(double lmax) {
        return 16 * 0x1p-53 * Math.abs(lmax);
    }

    static void assertContains(String name, CertifiedBracket b, double lapack, double lmax) {
        double e = lapackError(lmax);
        assertTrue(b.lower() <= lapack + e && lapack - e <= b.upper(),
                name + " bracket [" + b.lower() + ", " + b.upper() + "] misses LAPACK's " + lapack + " ± " + e);
    }

    /** Checks λ_min, λ_max and the certified bracket of k against LAPACK; returns a line for the log. */
    static String checkAgainstLapack(String name, Matrix k) {
        double[] all = Spectrum.all(k, false).values();
        double lmin = all[0];
        double lmax = all[all.length - 1];
        EigenEstimate mn = DenseEigen.lambdaMin(k, EigenOptions.defaults());
        EigenEstimate mx = DenseEigen.lambdaMax(k, EigenOptions.defaults());
        CertifiedBracket b = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
        assertTrue(mn.converged() && mx.converged(), name);
        assertTrue(rel(mn.value(), lmin) <= REL, name + " λ_min " + mn.value() + " vs LAPACK " + lmin);
        assertTrue(rel(mx.value(), lmax) <= REL, name + " λ_max " + mx.value() + " vs LAPACK " + lmax);
        assertContains(name, b, lmin, lmax);
        assertTrue(b.relativeWidth() <= 1e-8, name + " width " + b.relativeWidth());
        String line = String.format(Locale.ROOT,
                "%s n=%d: λ_min rel err %.2g (%d solves, %d factorisations), λ_max rel err %.2g (%d matvecs), bracket width %.2g",
                name, k.rows(), rel(mn.value(), lmin), mn.iterations(), mn.factorisations(), rel(mx.value(), lmax),
                mx.iterations(), b.relativeWidth());
        System.out.println(line);
        return line;
    }

    @Test
    void ntkGramsOfSeveralPresets() {
        Matrix x = TestData.sphere(300, 6, 11);
        checkAgainstLapack("arora L=2", new AnalyticKernel(Preset.ARORA.spec(6, 2, null)).ntk(x));
        checkAgainstLapack("jacot L=3", new AnalyticKernel(Preset.JACOT.spec(6, 3, null)).ntk(TestData.gaussian(250, 6, 12)));
        checkAgainstLapack("chen-li-lin L=2", new AnalyticKernel(Preset.CHEN_LI_LIN.spec(6, 2, null)).ntk(x));
        checkAgainstLapack("du", new AnalyticKernel(Preset.DU.spec(6, 1, null)).ntk(x));
    }

    @Test
    void largeNtkGramLikeTheBenchmark() {
        // the benchmark's workload at N = 2000: ReLU NTK, 4 hidden layers, points on the sphere in d = 100
        Matrix x = TestData.sphere(2000, 100, 42);
        checkAgainstLapack("arora L=4 d=100", new AnalyticKernel(Preset.ARORA.spec(100, 4, null)).ntk(x));
    }

    @Test
    void laplacianClosedForm() {
        int n = 200;
        Matrix k = Matrices.laplacian(n);
        double lmin = Matrices.laplacianEigenvalue(n, 1);
        double lmax = Matrices.laplacianEigenvalue(n, n);
        EigenEstimate mn = DenseEigen.lambdaMin(k, EigenOptions.defaults());
        EigenEstimate mx = DenseEigen.lambdaMax(k, EigenOptions.defaults());
        CertifiedBracket b = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
        System.out.printf(Locale.ROOT, "Laplacian n=%d: λ_min rel err %.2g, λ_max rel err %.2g (%d matvecs), bracket width %.2g%n",
                n, rel(mn.value(), lmin), rel(mx.value(), lmax), mx.iterations(), b.relativeWidth());
        assertTrue(rel(mn.value(), lmin) <= REL, mn.value() + " vs " + lmin);
        assertTrue(rel(mx.value(), lmax) <= REL, mx.value() + " vs " + lmax);
        assertTrue(b.lower() <= lmin && lmin <= b.upper());
        assertTrue(b.provesPositiveSemidefinite());
    }

    @Test
    void clusteredBottomInARandomBasis() {
        int n = 240;
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            // five eigenvalues within 4e-4 relative of each other at the bottom, then a spread up to 100
            values[j] = j < 5 ? 0.01 * (1 + 1e-4 * j) : 0.02 * Math.pow(5000, (j - 5) / (double) (n - 6));
        }
        Matrix k = Matrices.withSpectrum(values, Matrices.orthogonal(n, 5));
        String line = checkAgainstLapack("clustered bottom", k);
        // the matrix was rounded when formed: the designed values hold to n·u·λ_max / λ_min ≈ 3e-10
        assertTrue(rel(DenseEigen.lambdaMin(k, EigenOptions.defaults()).value(), 0.01) <= 1e-8, line);
    }

    @Test
    void slightlyNegativeMatricesAreNeverCertifiedPsd() {
        Matrix x = TestData.sphere(150, 4, 3);
        Matrix k0 = new AnalyticKernel(Preset.ARORA.spec(4, 1, null)).ntk(x);
        double lmin0 = lapackMin(k0);
        double lmax = lapackMax(k0);
        for (double rel : new double[] {-1e-13, -1e-11, -1e-6}) {
            Matrix k = k0.copy();
            double shift = lmin0 - rel * lmax;
            for (int i = 0; i < k.rows(); i++) {
                k.set(i, i, k.get(i, i) - shift);
            }
            double lmin = lapackMin(k);
            assertTrue(lmin < 0, "the test matrix must be indefinite: " + lmin);
            CertifiedBracket b = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
            System.out.printf(Locale.ROOT, "λ_min = %.3g: bracket [%.6g, %.6g]%n", lmin, b.lower(), b.upper());
            assertFalse(b.provesPositiveSemidefinite(), "certified ≥ 0 at " + rel);
            assertContains("shifted by " + rel, b, lmin, lmax);
            assertTrue(b.lower() < 0);
        }
    }

    @Test
    void aBudgetTooSmallIsReportedWithAValidBracket() {
        Matrix k = new AnalyticKernel(Preset.ARORA.spec(100, 4, null)).ntk(TestData.sphere(400, 100, 8));
        double lmin = lapackMin(k);
        CertifiedBracket b = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults().withMaxMatvecs(3));
        assertFalse(b.converged());
        assertContains("small budget", b, lmin, lapackMax(k));
        EigenEstimate e = DenseEigen.lambdaMin(k, EigenOptions.defaults().withMaxMatvecs(3));
        assertFalse(e.converged());
        assertTrue(e.value() >= lmin * (1 - 1e-14), "a Ritz value is never below λ_min");
    }

    @Test
    void badInputsAreRejectedWithTheProblemNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DenseEigen.lambdaMin(new Matrix(2, 3, new double[6]),
                EigenOptions.defaults())).getMessage().contains("not square"));
        Matrix nan = Matrices.laplacian(4);
        nan.set(2, 1, Double.NaN);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DenseEigen.lambdaMin(nan, EigenOptions.defaults()))
                .getMessage().contains("NaN at row 2, column 1"));
        Matrix asym = Matrices.laplacian(4);
        asym.set(0, 3, 1e-6);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DenseEigen.certifyLambdaMin(asym, EigenOptions.defaults()))
                .getMessage().contains("not symmetric"));
        Matrix nearly = Matrices.laplacian(4);
        nearly.set(0, 3, 1e-13);
        assertEquals(Matrices.laplacianEigenvalue(4, 1), DenseEigen.lambdaMin(nearly, EigenOptions.defaults()).value(), 1e-12);
        Matrix indefinite = Matrices.laplacian(50);
        for (int i = 0; i < 50; i++) {
            indefinite.set(i, i, 0.5);
        }
        double lmin = lapackMin(indefinite);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> ShiftedCholesky.of(SymmetricInput.of(indefinite, "K"), 0, "K"));
        assertTrue(e.rayleighQuotient() < 0 && e.rayleighQuotient() >= lmin - 1e-12, e.getMessage());
        assertTrue(e.getMessage().startsWith("K is not positive definite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EigenOptions.defaults().withTol(0));
    }

    @Test
    void tinyMatrices() {
        Matrix one = Matrix.of(new double[] {3.0});
        assertEquals(3.0, DenseEigen.lambdaMin(one, EigenOptions.defaults()).value(), 1e-15);
        CertifiedBracket b = DenseEigen.certifyLambdaMin(one, EigenOptions.defaults());
        assertTrue(b.lower() <= 3 && 3 <= b.upper());
        Matrix two = Matrix.of(new double[] {2, 1}, new double[] {1, 2});
        assertEquals(1.0, DenseEigen.lambdaMin(two, EigenOptions.defaults()).value(), 1e-14);
        assertEquals(3.0, DenseEigen.lambdaMax(two, EigenOptions.defaults()).value(), 1e-14);
    }

    /** A degenerate but valid input is answered, not an internal error (issue 21): every eigenvalue of 0 is 0. */
    @Test
    void theZeroMatrixHasLambdaMinZero() {
        Matrix zero = new Matrix(30, 30, new double[900]);
        EigenEstimate e = DenseEigen.lambdaMin(zero, EigenOptions.defaults());
        assertEquals(0.0, e.value());
        assertEquals(0.0, e.residual());
        assertTrue(e.converged());
        CertifiedBracket b = DenseEigen.certifyLambdaMin(zero, EigenOptions.defaults());
        assertEquals(0.0, b.lower());
        assertEquals(0.0, b.upper());
        assertEquals(CertifiedBracket.Proof.EXACT, b.proof());
        assertTrue(b.provesPositiveSemidefinite());
        assertEquals(0.0, DenseEigen.lambdaMax(zero, EigenOptions.defaults()).value());
        // one non-zero entry: shift-invert runs (with a scale to step by) and finds the exact 0
        double[] single = new double[900];
        single[0] = 1;
        EigenEstimate s = DenseEigen.lambdaMin(new Matrix(30, 30, single), EigenOptions.defaults());
        assertEquals(0.0, s.value(), 1e-15);
        assertFalse(s.method().startsWith("exact"), s.method());
    }
}
