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
            out.add(new DatasetSmoothness.Measured(name, 70000, s, beta, others));
        }
        return out;
    }

    @Test
    void smoothTargetsSupportTheClaimWithFashionMnistFirst() {
        List<Verdict> v = DatasetSmoothness.verdicts(synthetic(0.3, 0.02, 5, 1), SPEC);
        assertEquals(2, v.size());
        assertTrue(v.get(0).claim().statistic().contains("fashion-mnist"), v.get(0).claim().statistic());
        assertEquals(3.0 / 785, v.get(0).claim().claimedValue(), 1e-15);
        for (Verdict x : v) {
            assertEquals(Verdict.Outcome.SUPPORTS, x.outcome(), x.line());
        }
    }

    @Test
    void targetsAsRoughAsTheGpContradictIt() {
        // ŝ ≈ 0.001 ± 0.0005: at or below 3/785 ≈ 0.0038
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(0.001, 0.0005, 5, 2), SPEC)) {
            assertEquals(Verdict.Outcome.CONTRADICTS, x.outcome(), x.line());
        }
    }

    @Test
    void twoSubsetsOrAnIntervalAcrossTheBoundaryAreInconclusive() {
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(0.3, 0.02, 2, 3), SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
        for (Verdict x : DatasetSmoothness.verdicts(synthetic(3.0 / 785, 0.002, 5, 4), SPEC)) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, x.outcome(), x.line());
        }
    }
}
