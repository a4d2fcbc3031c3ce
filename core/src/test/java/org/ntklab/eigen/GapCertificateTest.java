package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;

/**
 * The Temple-bound certificate against two independent oracles: the classic Cholesky certificate
 * (both brackets are proofs, so they must intersect) and LAPACK's dsyevr (within its own error
 * bound); the fallback on an exactly repeated λ_min; the rigorous residual bound against exact
 * arithmetic.
 */
class GapCertificateTest {

    private static Matrix ntk(int n, long seed) {
        return new AnalyticKernel(Preset.ARORA.spec(100, 4, null)).ntk(TestData.sphere(n, 100, seed));
    }

    @Test
    void templeBracketAgreesWithTheCholeskyCertificateAndLapack() {
        Assumptions.assumeTrue(Backends.lapack().hasNativeSinglePrecision(), "needs a native single-precision LAPACK");
        Matrix k = ntk(GapCertificate.MIN_SIZE, 42);
        SymmetricInput in = SymmetricInput.of(k, "K");
        CertifiedBracket t = DenseEigen.certifyLambdaMin(in, EigenOptions.defaults());
        assertEquals(CertifiedBracket.Proof.TEMPLE, t.proof(), "the gap of this Gram is resolvable");
        // two or three single-precision factorisations, then the one in double precision
        assertTrue(t.factorisations() <= 4, t.factorisations() + " factorisations");
        CertifiedBracket c = new ShiftInvert(in, EigenOptions.defaults()).certify();
        assertEquals(CertifiedBracket.Proof.CHOLESKY, c.proof());
        assertTrue(Math.max(t.lower(), c.lower()) <= Math.min(t.upper(), c.upper()),
                "two proofs disagree: Temple [" + t.lower() + ", " + t.upper() + "], Cholesky [" + c.lower() + ", " + c.upper() + "]");
        // the margin-free bound is far narrower than the Cholesky one (which is ≈ n·u·‖K‖ wide)
        assertTrue(t.relativeWidth() < 1e-10, "width " + t.relativeWidth());
        assertTrue(t.upper() - t.lower() < 0.01 * (c.upper() - c.lower()));
        double lapack = DenseEigenTest.lapackMin(k);
        DenseEigenTest.assertContains("Temple", t, lapack, DenseEigenTest.lapackMax(k));
        System.out.printf("Temple [%.17g, %.17g] width %.2g, %d factorisations; Cholesky width %.2g; LAPACK %.17g%n",
                t.lower(), t.upper(), t.relativeWidth(), t.factorisations(), c.relativeWidth(), lapack);
    }

    @Test
    void anExactlyRepeatedMinimumFallsBackToTheCholeskyCertificate() {
        Assumptions.assumeTrue(Backends.lapack().hasNativeSinglePrecision(), "needs a native single-precision LAPACK");
        int h = GapCertificate.MIN_SIZE / 2;
        Matrix a = ntk(h, 7);
        int n = 2 * h;
        double[] d = new double[n * n];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < h; i++) {
                double v = a.data()[i + j * h];
                d[i + j * n] = v;
                d[(i + h) + (j + h) * n] = v;
            }
        }
        SymmetricInput in = SymmetricInput.of(new Matrix(n, n, d), "diag(A, A)");
        assertNull(GapCertificate.certify(in, EigenOptions.defaults()), "λ₁ = λ₂: no gap can be proved");
        CertifiedBracket b = DenseEigen.certifyLambdaMin(in, EigenOptions.defaults());
        assertEquals(CertifiedBracket.Proof.CHOLESKY, b.proof());
        DenseEigenTest.assertContains("diag(A, A)", b, DenseEigenTest.lapackMin(a), DenseEigenTest.lapackMax(a));
    }

    @Test
    void residualBoundHoldsAndIsTight() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 40;
        for (int trial = 0; trial < 20; trial++) {
            double[] a = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int i = j; i < n; i++) {
                    double v = r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4));
                    a[i + j * n] = v;
                    a[j + i * n] = v;
                }
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
            double tau = r.nextGaussian() * 10;
            SymmetricInput k = SymmetricInput.of(new Matrix(n, n, a), "K");
            double bound = RayleighEnclosure.relativeResidualBound(k, x, tau);
            MathContext mc = new MathContext(60);
            BigDecimal rr = BigDecimal.ZERO;
            BigDecimal xx = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                BigDecimal s = new BigDecimal(tau).multiply(new BigDecimal(x[i])).negate();
                for (int j = 0; j < n; j++) {
                    s = s.add(new BigDecimal(a[i + j * n]).multiply(new BigDecimal(x[j])));
                }
                rr = rr.add(s.multiply(s));
                xx = xx.add(new BigDecimal(x[i]).multiply(new BigDecimal(x[i])));
            }
            double exact = rr.divide(xx, mc).sqrt(mc).doubleValue();
            assertTrue(bound >= exact, "bound " + bound + " below the exact " + exact);
            assertTrue(bound <= exact * (1 + 1e-12), "bound " + bound + " loose against " + exact);
        }
    }
}
