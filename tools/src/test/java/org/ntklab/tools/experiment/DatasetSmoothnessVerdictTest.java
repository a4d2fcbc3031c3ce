package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;

/**
 * The dataset-smoothness verdict logic on synthetic per-subset ŝ: targets clearly smoother than
 * f^GP support the one-sided claim, targets as rough as f^GP (ŝ below 3/(d+1)) contradict it, and
 * two subsets are too few.
 */
class DatasetSmoothnessVerdictTest {

    private static final DatasetSmoothness.Spec SPEC = new DatasetSmoothness.Spec(List.of("mnist", "fashion-mnist"), 3000, 25,
            List.of(30, 300), List.of(List.of(15, 150), List.of(60, 600)), false, 1);

    private static List<DatasetSmoothness.Measured> synthetic(double centre, double sd, int subsets, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        List<DatasetSmoothness.Measured> out = new ArrayList<>();
        for (String name : SPEC.datasets()) {
            double[] s = new double[subsets];
            double[] beta = new double[subsets];
            double[][] others = new double[2][subsets];
            for (int r = 0; r < subsets; r++) {
                s[r] = centre + sd * g.sample();
                beta[r] = 1.09 + 0.005 * g.sample();
                others[0][r] = s[r] * 1.1;
                others[1][r] = s[r] * 0.9;
            }
            out.add(new DatasetSmoothness.Measured(name, 70000, s, s.clone(), beta, others));
        }
        return out;
    }

    @Test
    void smoothTargetsSupportTheClaimInSpecOrderThenTheReproductions() {
        List<Verdict> v = DatasetSmoothness.verdicts(synthetic(0.3, 0.02, 5, 1), SPEC);
        assertEquals(4, v.size(), "the claim for each data set, then each reproduction of a printed value");
        assertTrue(v.get(0).claim().statistic().contains("mnist") && !v.get(0).claim().statistic().contains("fashion"));
        assertEquals(3.0 / 785, v.get(0).claim().claimedValue(), 1e-15);
        assertEquals(Verdict.Outcome.SUPPORTS, v.get(0).outcome(), v.get(0).line());
        assertEquals(Verdict.Outcome.SUPPORTS, v.get(1).outcome(), v.get(1).line());
        // ŝ ≈ 0.30 ± 0.009: neither the paper's MNIST 0.40 nor its Fashion-MNIST 0.22 lies in the interval
        assertEquals(0.40, v.get(2).claim().claimedValue(), 0);
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(2).outcome(), v.get(2).line());
        assertEquals(0.22, v.get(3).claim().claimedValue(), 0);
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(3).outcome(), v.get(3).line());
    }

    @Test
    void theReproductionSupportsWhenTheIntervalHoldsThePapersValue() {
        List<Verdict> v = DatasetSmoothness.verdicts(synthetic(0.40, 0.02, 8, 5), SPEC);
        assertEquals(Verdict.Outcome.SUPPORTS, v.get(2).outcome(), v.get(2).line());
    }

    @Test
    void targetsAsRoughAsTheGpContradictIt() {
        // ŝ ≈ 0.001 ± 0.0005: at or below 3/785 ≈ 0.0038
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(0.001, 0.0005, 5, 2), SPEC).subList(0, 2)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
    }

    @Test
    void twoSubsetsOrAnIntervalAcrossTheBoundaryAreInconclusive() {
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(0.3, 0.02, 2, 3), SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(3.0 / 785, 0.002, 5, 4), SPEC).subList(0, 2)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
    }

    @Test
    void cifarClaimsUseItsOwnDimension() {
        assertEquals(3.0 / 3073, DatasetSmoothness.claim("cifar-10", SPEC).claimedValue(), 1e-15);
        assertEquals(0.09, DatasetSmoothness.paperValue("cifar-10"), 0);
    }
}
