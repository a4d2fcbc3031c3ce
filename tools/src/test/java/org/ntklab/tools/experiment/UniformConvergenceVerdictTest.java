package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;

/**
 * The uniform-convergence verdict logic on synthetic sup differences c·m^a·noise: a difference falling as m^{−1/2} supports
 * both claims for both initialisations, one that does not fall contradicts them, two networks per width are too few; and the
 * log-spaced checkpoints.
 */
class UniformConvergenceVerdictTest {

    private static final UniformConvergence.Spec SPEC = new UniformConvergence.Spec(List.of(32, 64, 128, 256, 512, 1024), 2, 5, 100,
            200, 0.1, 1000, 15, 6, 1);

    private static double[][][] sup(double slope, int networks, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][][] out = new double[2][SPEC.widths().size()][networks];
        for (int q = 0; q < 2; q++) {
            for (int i = 0; i < SPEC.widths().size(); i++) {
                for (int r = 0; r < networks; r++) {
                    out[q][i][r] = (q == 0 ? 3 : 1) * Math.pow(SPEC.widths().get(i), slope) * Math.exp(0.2 * g.sample());
                }
            }
        }
        return out;
    }

    private static List<Verdict.Outcome> outcomes(List<Verdict> v) {
        return v.stream().map(Verdict::outcome).toList();
    }

    @Test
    void aDifferenceFallingAsTheFluctuationScaleSupportsEveryClaim() {
        List<Verdict> v = UniformConvergence.verdicts(SPEC, sup(-0.5, 6, 1));
        assertEquals(List.of(Verdict.Outcome.SUPPORTS, Verdict.Outcome.SUPPORTS, Verdict.Outcome.SUPPORTS, Verdict.Outcome.SUPPORTS),
                outcomes(v), v.toString());
        assertEquals(true, v.get(0).claim().statistic().contains("standard init"));
    }

    @Test
    void aDifferenceThatDoesNotFallContradictsTheRateAndAGrowingOneEverything() {
        // exactly flat: the one-sided claim (slope < 0) keeps an interval around 0 (inconclusive), the rate −1/2 is excluded
        assertEquals(List.of(Verdict.Outcome.INCONCLUSIVE, Verdict.Outcome.INCONCLUSIVE, Verdict.Outcome.CONTRADICTS, Verdict.Outcome.CONTRADICTS),
                outcomes(UniformConvergence.verdicts(SPEC, sup(0, 6, 2))));
        assertEquals(List.of(Verdict.Outcome.CONTRADICTS, Verdict.Outcome.CONTRADICTS, Verdict.Outcome.CONTRADICTS, Verdict.Outcome.CONTRADICTS),
                outcomes(UniformConvergence.verdicts(SPEC, sup(0.3, 6, 2))));
    }

    @Test
    void twoNetworksPerWidthAreInconclusive() {
        for (Verdict v : UniformConvergence.verdicts(SPEC, sup(-0.5, 2, 3))) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome(), v.line());
        }
    }

    @Test
    void checkpointsAreLogSpacedAndEndAtTheLastStep() {
        assertArrayEquals(new long[] {10, 100, 1000}, UniformConvergence.checkpointSteps(1000, 3));
        assertArrayEquals(new long[] {1, 2, 3}, UniformConvergence.checkpointSteps(3, 5));
    }
}
