package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The gp-smoothness verdict logic on synthetic ŝ: replicates at 3/(d+1) support the claim, at the
 * competing 1 (or at a finite-n bias above it) contradict it, two are too few; d = 2 is never judged.
 */
class GpSmoothnessVerdictTest {

    private static final GpSmoothness.Spec SPEC = new GpSmoothness.Spec(List.of(2, 3, 5, 10), "ball", 3000, 1500, 2, 5,
            List.of(30, 300), List.of(List.of(15, 150), List.of(60, 600)), true, 1);

    /** ŝ per replicate ~ N(centre(d), (rel·centre)²) at both n; the check n and other windows do not enter the verdict. */
    private static List<GpSmoothness.Measured> synthetic(IntToDoubleFunction centre, double rel, int replicates, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        List<GpSmoothness.Measured> out = new ArrayList<>();
        for (int n : new int[] {SPEC.n(), SPEC.nCheck()}) {
            for (int d : SPEC.dims()) {
                double[] s = new double[replicates];
                double[][] others = new double[2][replicates];
                double[] fitted = new double[replicates];
                double[] beta = new double[replicates];
                for (int r = 0; r < replicates; r++) {
                    double c = centre.applyAsDouble(d) * (n == SPEC.n() ? 1 : 1.3);
                    s[r] = c * (1 + rel * g.sample());
                    others[0][r] = s[r] * 1.2;
                    others[1][r] = s[r] * 0.8;
                    beta[r] = (d + 1.0) / d - 0.1 + 0.01 * g.sample();
                    fitted[r] = s[r] * (d + 1.0) / d / beta[r];
                }
                out.add(new GpSmoothness.Measured(d, n, s, others, fitted, beta, 1e-10));
            }
        }
        return out;
    }

    @Test
    void theTheorysSmoothnessIsSupportedWithTheLargestDFirstAndDTwoUnjudged() {
        // 10 replicates, 5 % relative spread: the t interval covers 3/(d+1) with probability 0.95 each (the seed is one where all three do)
        List<Verdict> v = GpSmoothness.verdicts(synthetic(d -> 3.0 / (d + 1), 0.05, 10, 11), SPEC);
        assertEquals(3, v.size(), "d = 3, 5, 10 at the verdict's n; d = 2 and the check n have no verdict");
        assertTrue(v.get(0).claim().statistic().contains("R^10"), v.get(0).claim().statistic());
        assertEquals(3.0 / 11, v.get(0).claim().claimedValue(), 1e-15);
        assertEquals(1.0, v.get(0).claim().competingValue());
        for (Verdict x : v) {
            assertEquals(Verdict.Outcome.SUPPORTS, x.outcome(), x.line());
        }
    }

    @Test
    void theRkhsBoundaryOrABiasedEstimateContradictsIt() {
        for (Verdict x : GpSmoothness.verdicts(synthetic(d -> 1.0, 0.05, 5, 2), SPEC)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
        // the estimator's finite-n bias: ŝ three times the claim, as at n = 3000
        for (Verdict x : GpSmoothness.verdicts(synthetic(d -> 9.0 / (d + 1), 0.05, 5, 3), SPEC)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
    }

    @Test
    void twoReplicatesOrNoisyOnesAreInconclusive() {
        for (Verdict x : GpSmoothness.verdicts(synthetic(d -> 1.0, 0.05, 2, 4), SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
        // at d = 10 a replicate sd of 100 % of 3/(d+1) over 3 replicates keeps both 3/11 and 1
        List<Verdict> noisy = GpSmoothness.verdicts(synthetic(d -> 3.0 / (d + 1), 1.5, 3, 5), SPEC);
        assertEquals(Verdict.Outcome.INCONCLUSIVE, noisy.get(0).outcome(), noisy.get(0).line());
    }

    @Test
    void aSpecWithOnlyDTwoIsRefused() {
        GpSmoothness.Spec onlyTwo = new GpSmoothness.Spec(List.of(2), "ball", 3000, 1500, 2, 5, List.of(30, 300), List.of(), false, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, onlyTwo::validate);
        assertTrue(e.getMessage().contains("d ≥ 3"), e.getMessage());
    }

    @Test
    void theSphereOfRdIsRefusedAsTheMainDomain() {
        GpSmoothness.Spec sphere = new GpSmoothness.Spec(List.of(3), "sphere", 3000, 1500, 2, 5, List.of(30, 300), List.of(), false, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sphere::validate);
        assertTrue(e.getMessage().contains("sphere_check"), e.getMessage());
    }
}
