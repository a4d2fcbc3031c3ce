package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ntklab.data.Domains;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;

/**
 * The Funk–Hecke coefficients against closed forms (polynomial kernels), the known zeros of the
 * two-layer ReLU NTK (Bietti &amp; Mairal 2019), the trace identity, and the Monte-Carlo limit of the
 * eigenvalues of K/n for uniform points on the sphere; the exact GP tail-sum profile against its closed form.
 */
class SphereMercerTest {

    @Test
    void gaussLegendreIntegratesPolynomialsExactly() {
        double[][] r = SphereMercer.gaussLegendre(7, 0, 2);
        for (int deg = 0; deg <= 13; deg++) {
            double sum = 0;
            for (int j = 0; j < 7; j++) {
                sum += r[1][j] * Math.pow(r[0][j], deg);
            }
            assertEquals(Math.pow(2, deg + 1) / (deg + 1), sum, 1e-12 * Math.pow(2, deg + 1), "∫₀² x^" + deg);
        }
        double[][] big = SphereMercer.gaussLegendre(801, -1, 1);
        assertEquals(2, Arrays.stream(big[1]).sum(), 1e-13);
        assertEquals(0, big[0][400], 1e-15, "the middle node of an odd rule is 0");
    }

    @Test
    void multiplicitiesAreTheDimensionsOfTheHarmonics() {
        assertEquals(1, SphereMercer.multiplicity(3, 0));
        assertEquals(2, SphereMercer.multiplicity(2, 7));
        assertEquals(2 * 9 + 1, SphereMercer.multiplicity(3, 9));
        // S³ ⊂ R⁴: (k + 1)²
        assertEquals(36, SphereMercer.multiplicity(4, 5));
        // R^6, degree 2: (p + 2)(p − 1)/2 = 20
        assertEquals(20, SphereMercer.multiplicity(6, 2));
    }

    @Test
    void polynomialKernelsHaveTheirClosedFormCoefficients() {
        for (int p : new int[] {2, 3, 5, 10}) {
            SphereMercer.Spectrum lin = SphereMercer.compute(p, 6, t -> t.clone(), 64);
            assertEquals(1.0 / p, lin.mu()[1], 1e-15, "κ = t: μ₁ = 1/p");
            SphereMercer.Spectrum sq = SphereMercer.compute(p, 6, t -> Arrays.stream(t).map(v -> v * v).toArray(), 64);
            assertEquals(1.0 / p, sq.mu()[0], 1e-15, "κ = t²: μ₀ = 1/p");
            assertEquals(2.0 / (p * (p + 2.0)), sq.mu()[2], 1e-15, "κ = t²: μ₂ = 2/(p(p+2))");
            for (int k : new int[] {1, 3, 4, 5, 6}) {
                assertEquals(0, sq.mu()[k], 1e-15, "κ = t² has no degree " + k);
            }
            assertEquals(1, sq.trace(), 1e-14, "Σ N μ = κ(1)");
            assertTrue(sq.precision() < 1e-15);
        }
    }

    @Test
    void theGaussianProcessProfileHasTheClosedFormTailSums() {
        // S² ⊂ R³: basis κ = 2 + 3t has μ₀ = 2, μ₁ = 1 (3 harmonics); prior κ = t + t² has μ₀ = μ₁ = 1/3, μ₂ = 2/15
        // (5 harmonics) and κ(1) = 2. Index order 1..4 = degree 0, then degree 1 three times: E T(i) = 2 − (i − 1)/3.
        SphereMercer.Spectrum basis = SphereMercer.compute(3, 4, t -> Arrays.stream(t).map(v -> 2 + 3 * v).toArray(), 64);
        SphereMercer.Spectrum prior = SphereMercer.compute(3, 4, t -> Arrays.stream(t).map(v -> v + v * v).toArray(), 64);
        Smoothness.Profile p = SphereMercer.gaussianProcessProfile(basis, prior, 2.0, 4);
        assertArrayEquals(new double[] {2, 1, 1, 1}, p.eigenvalues(), 1e-14);
        assertArrayEquals(new double[] {2, 5.0 / 3, 4.0 / 3, 1}, p.tailSums(), 1e-14);
        // the order is the basis kernel's, not the degree's: κ = t² + 0.1 ranks degree 0 (0.4333) then degree 2 (2/15,
        // 5 harmonics); degree 1 (μ = 0) never enters the index, so its prior energy 1 stays in every tail sum
        SphereMercer.Spectrum even = SphereMercer.compute(3, 4, t -> Arrays.stream(t).map(v -> v * v + 0.1).toArray(), 64);
        Smoothness.Profile q = SphereMercer.gaussianProcessProfile(even, prior, 2.0, 6);
        assertEquals(0.1 + 1.0 / 3, q.eigenvalues()[0], 1e-14);
        assertEquals(2.0 / 15, q.eigenvalues()[5], 1e-14);
        assertEquals(2 - 1.0 / 3, q.tailSums()[1], 1e-14, "T(2): all but the degree-0 variance");
        assertEquals(1 + 2.0 / 15, q.tailSums()[5], 1e-14, "T(6): one degree-2 harmonic plus the unindexed degree 1");
        assertThrows(IllegalArgumentException.class, () -> SphereMercer.gaussianProcessProfile(basis, prior, 2.0, 5),
                "degrees 0..4 of κ = 2 + 3t hold only 4 nonzero eigenvalues");
        assertThrows(IllegalArgumentException.class, () -> SphereMercer.gaussianProcessProfile(basis, prior, 1.0, 4),
                "a trace below the variances held is not this prior's");
    }

    @Test
    void theTwoLayerReluNtkHasNoOddDegreesAboveOneAndItsTraceIsKappaOfOne() {
        AnalyticKernel k = new AnalyticKernel(Preset.ARORA.spec(3, 1, null));
        SphereMercer.Spectrum s = SphereMercer.ofKernel(k, true, 3, 80, 400);
        assertTrue(s.precision() < 1e-13, "stated precision " + s.precision());
        for (int d = 3; d <= 79; d += 2) {
            assertEquals(0, s.mu()[d], 1e-13, "odd degree " + d);
        }
        for (int d = 0; d <= 80; d += 2) {
            assertTrue(s.mu()[d] > 1e-9, "even degree " + d + ": " + s.mu()[d]);
        }
        assertTrue(s.mu()[1] > 0);
        // κ(1) = L + 1 = 2 for unit-norm inputs (formulas sheet §3): what degrees 0..80 miss is the tail Σ_{k>80} (2k+1) μ_k,
        // which the power law μ_k = μ_80 (80/k)³ of the even degrees predicts
        double tail = 0;
        for (int d = 82; d < 2_000_000; d += 2) {
            tail += (2.0 * d + 1) * s.mu()[80] * Math.pow(80.0 / d, 3);
        }
        assertEquals(tail, 2 - s.trace(), 0.02 * tail, "the trace deficit is the tail");
        // μ_k ~ k^{−p} for even k (Bietti & Mairal): the local exponent between k = 40 and 80
        double slope = Math.log(s.mu()[80] / s.mu()[40]) / Math.log(2);
        assertEquals(-3, slope, 0.05);
    }

    @Test
    void theEigenvaluesOfKOverNConvergeToTheMercerCoefficients() {
        int n = 2000;
        AnalyticKernel k = new AnalyticKernel(Preset.CHEN_LI_LIN.spec(3, 2, null));
        SphereMercer.Spectrum s = SphereMercer.ofKernel(k, true, 3, 30, 200);
        Matrix x = Domains.sample(Domains.Domain.SPHERE, n, 3, 7, 0);
        double[] ev = Spectrum.all(k.ntk(x), false).values();
        double[] desc = Arrays.stream(ev).map(v -> -v / n).sorted().map(v -> -v).toArray();
        double[] exact = s.eigenvalues(16);
        // degree 0 (1 eigenvalue), degree 1 (3), degree 2 (5), degree 3 (7): block means within 2 % at n = 2000
        int[][] blocks = {{0, 1}, {1, 4}, {4, 9}, {9, 16}};
        for (int[] b : blocks) {
            double got = Arrays.stream(desc, b[0], b[1]).average().orElseThrow();
            double want = Arrays.stream(exact, b[0], b[1]).average().orElseThrow();
            assertEquals(want, got, 0.02 * want, "block " + Arrays.toString(b));
        }
    }
}
