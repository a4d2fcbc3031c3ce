package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;

/**
 * The edr verdict logic on synthetic decay exponents: replicates that follow (d+1)/d support it,
 * replicates that follow the rate of one dimension more, (d+2)/(d+1), contradict it, and two
 * replicates are too few.
 */
class EdrVerdictTest {

    private static final Edr.Spec SPEC = new Edr.Spec(List.of(2, 3, 5), List.of("ball", "sphere"), 4000, 2, 10, List.of(40, 400),
            List.of(List.of(20, 200), List.of(80, 800)), 2048, 64, 1);

    /** β per replicate ~ N(centre(d), sd²), as a seeded stream; the other windows shifted by ±0.1 (they do not enter the verdict). */
    private static List<Edr.Measured> synthetic(IntToDoubleFunction centre, double sd, int replicates, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        List<Edr.Measured> out = new ArrayList<>();
        for (String domain : SPEC.domains()) {
            for (int d : SPEC.dims()) {
                double[] beta = new double[replicates];
                double[][] others = new double[2][replicates];
                for (int r = 0; r < replicates; r++) {
                    beta[r] = centre.applyAsDouble(d) + sd * g.sample();
                    others[0][r] = beta[r] + 0.1;
                    others[1][r] = beta[r] - 0.1;
                }
                out.add(new Edr.Measured(domain, d, beta, others));
            }
        }
        return out;
    }

    @Test
    void theTheorysRateIsSupportedAndTheHeadlineIsTheSphereAtTheSmallestD() {
        List<Verdict> v = Edr.verdicts(synthetic(d -> (d + 1.0) / d, 0.01, 10, 1), SPEC);
        assertEquals(6, v.size());
        assertTrue(v.get(0).claim().statistic().contains("sphere d = 2"), v.get(0).claim().statistic());
        assertEquals(1.5, v.get(0).claim().claimedValue());
        assertEquals(4.0 / 3, v.get(0).claim().competingValue(), 1e-15);
        for (Verdict x : v) {
            assertEquals(Verdict.Outcome.SUPPORTS, x.outcome(), x.line());
            assertEquals(10, x.estimate().replicates());
        }
    }

    @Test
    void theRateOfOneDimensionMoreContradictsIt() {
        for (Verdict x : Edr.verdicts(synthetic(d -> (d + 2.0) / (d + 1), 0.01, 10, 2), SPEC)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
    }

    @Test
    void aBiasedEstimateBetweenTheTwoIsContradictedNotRounded() {
        // β 0.03 below the theory with replicate sd 0.01: the interval excludes (d+1)/d
        for (Verdict x : Edr.verdicts(synthetic(d -> (d + 1.0) / d - 0.03, 0.01, 10, 3), SPEC)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
    }

    @Test
    void twoReplicatesOrNoisyOnesAreInconclusive() {
        for (Verdict x : Edr.verdicts(synthetic(d -> (d + 2.0) / (d + 1), 0.01, 2, 4), SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
        // noisy replicates (sd 1) in antithetic pairs about (d+1)/d: the mean is the claim, the interval is wide enough to keep
        // the competitor too
        List<Edr.Measured> noisy = new ArrayList<>();
        for (Edr.Measured m : synthetic(d -> 0, 1.0, 3, 5)) {
            double c = (m.d() + 1.0) / m.d();
            double[] beta = new double[6];
            for (int r = 0; r < 3; r++) {
                beta[2 * r] = c + m.beta()[r];
                beta[2 * r + 1] = c - m.beta()[r];
            }
            noisy.add(new Edr.Measured(m.domain(), m.d(), beta, new double[0][]));
        }
        for (Verdict x : Edr.verdicts(noisy, SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
    }

    @Test
    void onTheSphereTheEstimatorIsCheckedAgainstTheExactOperatorsExponent() {
        // the exact operator's exponent over the window is 1.52 at d = 2 (pre-asymptotic): replicates around it support the
        // estimator check and contradict the asymptotic rate 1.5; replicates around 1.5 contradict the check
        List<Edr.Measured> m = new ArrayList<>();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (double centre : new double[] {1.52, 1.50}) {
            double[] beta = new double[8];
            for (int r = 0; r < beta.length; r++) {
                beta[r] = centre + 0.002 * g.sample();
            }
            m.add(new Edr.Measured("sphere", 2, beta, new double[0][], 1.52, new double[0]));
        }
        List<Verdict> v = Edr.verdicts(List.of(m.get(0)), SPEC);
        assertEquals(2, v.size(), "the theorem's verdict, then the estimator check");
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(0).outcome(), v.get(0).line());
        assertTrue(v.get(1).claim().statistic().contains("estimator check"));
        assertEquals(Verdict.Outcome.SUPPORTS, v.get(1).outcome(), v.get(1).line());
        assertEquals(Verdict.Outcome.CONTRADICTS, Edr.verdicts(List.of(m.get(1)), SPEC).get(1).outcome());
    }

    @Test
    void theExactEigenvaluesOfTheSphereComeFromEnoughDegrees() {
        org.ntklab.kernel.AnalyticKernel k = new org.ntklab.kernel.AnalyticKernel(org.ntklab.kernel.Preset.CHEN_LI_LIN.spec(3, 2, null));
        double[] ev = Edr.exactEigenvalues(k, 3, 800);
        assertEquals(800, ev.length);
        for (int i = 1; i < ev.length; i++) {
            assertTrue(ev[i] <= ev[i - 1] && ev[i] > 0, "decreasing and positive at " + i);
        }
        // S² has 2k + 1 harmonics of degree k: the eigenvalues come in plateaus of those lengths (degree 1: indices 2–4)
        assertEquals(ev[1], ev[3], 0);
        assertTrue(ev[4] < ev[3]);
    }
}
