package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Matrix;

/**
 * The decay-rate and smoothness fits on synthetic Grams Q diag(λ) Qᵀ, with the spectra computed
 * back by LAPACK (so the numerically-zero tail is real rounding noise the window rule must cut).
 */
class DecayAndSmoothnessTest {

    @Test
    void decayRateOfSyntheticSpectra() {
        int n = 500;
        int nonzero = 200;
        double[][] q = Matrices.orthogonal(n, 31);
        for (double a : new double[] {1.2, 1.5, 2.0}) {
            double[] values = new double[n];
            for (int i = 1; i <= nonzero; i++) {
                values[i - 1] = Math.pow(i, -a);
            }
            // the other 300 eigenvalues are 0: LAPACK returns them as ±1e-16 noise, which the rule must cut
            double[] computed = Spectrum.all(Matrices.withSpectrum(values, q), false).values();
            PowerLawFit fit = DecayRate.fit(computed);
            System.out.printf(Locale.ROOT, "EDR a=%.1f: fitted %.5f [%.5f, %.5f] over %d..%d%n", a, fit.exponent(), fit.low(),
                    fit.high(), fit.from(), fit.to());
            assertEquals(a, fit.exponent(), 0.02);
            assertTrue(fit.to() <= nonzero, "the window must stop before the zero tail: " + fit.to());
            assertEquals(5, fit.from());
        }
    }

    @Test
    void explicitWindowAndBadSpectra() {
        double[] v = new double[50];
        for (int i = 1; i <= 50; i++) {
            v[i - 1] = 3 * Math.pow(i, -1.7) * (1 + 0.01 * Math.sin(i));
        }
        PowerLawFit fit = DecayRate.fit(v, 3, 40);
        assertEquals(1.7, fit.exponent(), 0.01);
        assertTrue(fit.low() < 1.7 && 1.7 < fit.high(), "the interval covers the exponent: " + fit);
        assertEquals(3, fit.from());
        assertEquals(40, fit.to());
        assertThrows(IllegalArgumentException.class, () -> DecayRate.fit(new double[] {1, 0.5, 1e-20, 0}));
        assertThrows(IllegalArgumentException.class, () -> DecayRate.fit(new double[] {-1, -2, -3, -4, -5, -6, -7}));
        assertThrows(IllegalArgumentException.class, () -> DecayRate.fit(v, 3, 4));
    }

    /**
     * The synthetic target: y = Q a with a_j² = p_j = j^{−r} − (j+1)^{−r} (j &lt; n) and p_n = n^{−r}.
     * The sum telescopes, T(i) = Σ_{j≥i} p_j = i^{−r} exactly for every i ≤ n, and p_j ≈ r·j^{−1−r} =
     * r·λ_j^s·j^{−1} when λ_j = j^{−β} and r = sβ: the target has smoothness s, with no truncation
     * bias from the finite n (a plain a_j² ∝ j^{−1−r} would give T(i) ∝ i^{−r} − n^{−r}).
     */
    @Test
    void smoothnessOfSyntheticTargets() {
        int n = 400;
        double beta = 1.5;
        double[][] q = Matrices.orthogonal(n, 17);
        double[] values = new double[n];
        for (int j = 1; j <= n; j++) {
            values[j - 1] = Math.pow(j, -beta);
        }
        Matrix k = Matrices.withSpectrum(values, q);
        Spectrum.Eigensystem es = Spectrum.all(k, true);
        SplittableRandom signs = new SplittableRandom(3);
        for (double s : new double[] {0.4, 1.0, 2.0}) {
            double r = s * beta;
            double[] y = new double[n];
            for (int j = 1; j <= n; j++) {
                double p = j < n ? Math.pow(j, -r) - Math.pow(j + 1, -r) : Math.pow(n, -r);
                double a = Math.sqrt(p) * (signs.nextBoolean() ? 1 : -1);
                double[] u = Matrices.column(q, j - 1);
                for (int i = 0; i < n; i++) {
                    y[i] += a * u[i];
                }
            }
            Smoothness.Estimate fitted = Smoothness.estimate(es, y, null);
            Smoothness.Estimate given = Smoothness.estimate(es, y, beta);
            System.out.printf(Locale.ROOT, "smoothness s=%.1f: fitted %.5f (β̂ %.5f), with β given %.5f, window %d..%d%n",
                    s, fitted.s(), fitted.edr(), given.s(), fitted.tail().from(), fitted.tail().to());
            assertEquals(s, fitted.s(), 0.05);
            assertEquals(s, given.s(), 0.05);
            assertEquals(beta, fitted.edr(), 0.02);
            // a fixed window gives the same answer on this exact power law, and fits exactly that window
            DecayRate.Window w = new DecayRate.Window(20, 200);
            Smoothness.Estimate fixed = Smoothness.estimate(es, y, beta, w);
            assertEquals(w, fixed.window());
            assertEquals(s, fixed.s(), 0.01);
            assertEquals(fixed.tailExponent() / beta, fixed.s(), 1e-15);
            Smoothness.Profile profile = Smoothness.profile(es, y);
            assertEquals(fixed.s(), profile.over(w, beta).s(), 0.0);
            assertEquals(s, profile.over(w, null).s(), 0.05);
            assertEquals(beta, profile.over(w, null).edr(), 0.01);
        }
        // a window past the labels' resolved energy is refused, not cut: a target with energy in the
        // first 50 directions only has tail sums at the rounding level beyond index 50
        double[] head = new double[n];
        for (int j = 1; j <= 50; j++) {
            double[] u = Matrices.column(q, j - 1);
            for (int i = 0; i < n; i++) {
                head[i] += Math.pow(j, -1.0) * u[i];
            }
        }
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> Smoothness.estimate(es, head, beta, new DecayRate.Window(10, 200)));
        assertTrue(past.getMessage().contains("rounding level"), past.getMessage());
        assertEquals(new DecayRate.Window(5, 40), Smoothness.estimate(es, head, beta, new DecayRate.Window(5, 40)).window());
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(es, head, beta, new DecayRate.Window(10, n + 1)));
        assertThrows(IllegalArgumentException.class, () -> new DecayRate.Window(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new DecayRate.Window(5, 6));
        assertThrows(IllegalArgumentException.class, () -> new DecayRate.Window(5, Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(es, head, -1.0, new DecayRate.Window(5, 40)));
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(es, new double[n], null));
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(es, new double[3], null));
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(es, values, -1.0));
        assertThrows(IllegalArgumentException.class, () -> Smoothness.estimate(Spectrum.all(k, false), values, null));
    }
}
