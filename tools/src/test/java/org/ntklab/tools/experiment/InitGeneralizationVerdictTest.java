package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Interval;
import org.ntklab.stats.Verdict;

/** The verdict logic of init-generalization on synthetic errors with known exponents in n. */
class InitGeneralizationVerdictTest {

    private static final double[] N = {100, 178, 316, 562, 1000, 1778, 3162};

    /**
     * Paired errors c·n^slope with multiplicative log-normal noise of the reference run's size
     * (about 20 % per trial), a shared trial effect (the pair sees the same data) and an
     * independent one per predictor.
     */
    private static InitGeneralization.Rates synthetic(int d, double standardSlope, double mirroredSlope, int trials, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] std = new double[N.length][trials];
        double[][] mir = new double[N.length][trials];
        for (int k = 0; k < N.length; k++) {
            double m = N[k] / N[0];
            for (int i = 0; i < trials; i++) {
                double shared = 0.1 * g.sample();
                std[k][i] = 0.012 * Math.pow(m, standardSlope) * Math.exp(shared + 0.15 * g.sample());
                mir[k][i] = 0.001 * Math.pow(m, mirroredSlope) * Math.exp(shared + 0.2 * g.sample());
            }
        }
        return new InitGeneralization.Rates(d, false, N, std, mir);
    }

    private static List<String> outcomes(InitGeneralization.Rates r) {
        return InitGeneralization.verdicts(List.of(r), 1, Interval.LEVEL).stream().map(v -> v.outcome().word()).toList();
    }

    @Test
    void theTheorysRatesAreSupported() {
        for (int d : new int[] {5, 10}) {
            assertEquals(List.of("supports", "supports", "supports"), outcomes(synthetic(d, InitGeneralization.standardExponent(d),
                    InitGeneralization.mirroredExponent(d), 20, d)));
        }
    }

    @Test
    void swappedRatesContradict() {
        // the competitor: the standard predictor attains the mirrored rate and vice versa, so mirrored is the slower one
        int d = 5;
        assertEquals(List.of("contradicts", "contradicts", "contradicts"), outcomes(synthetic(d, InitGeneralization.mirroredExponent(d),
                InitGeneralization.standardExponent(d), 20, 7)));
    }

    @Test
    void equalRatesLeaveTheStandardClaimStandingButContradictTheDifference() {
        // both at −3/(d+3): the standard claim holds, the mirrored claim and the advantage of mirroring fail
        int d = 5;
        List<Verdict> v = InitGeneralization.verdicts(List.of(synthetic(d, InitGeneralization.standardExponent(d),
                InitGeneralization.standardExponent(d), 20, 8)), 1, Interval.LEVEL);
        assertEquals(Verdict.Outcome.SUPPORTS, v.get(0).outcome());
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(1).outcome());
        assertEquals(Verdict.Outcome.INCONCLUSIVE, v.get(2).outcome(), "a difference of 0 lies on the boundary: " + v.get(2).line());
    }

    @Test
    void fewTrialsAreInconclusive() {
        int d = 5;
        double s = InitGeneralization.standardExponent(d);
        double m = InitGeneralization.mirroredExponent(d);
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive"), outcomes(synthetic(d, s, m, 2, 9)));
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive"), outcomes(synthetic(d, s, m, 1, 10)));
        // enough trials for the slopes, too few for the bootstrapped difference
        assertEquals(List.of("supports", "supports", "inconclusive"), outcomes(synthetic(d, s, m, 9, 11)));
    }

    @Test
    void theHeadlineIsTheStandardKernelPredictorAtTheFirstDimension() {
        InitGeneralization.Rates a = synthetic(5, -0.375, -0.583, 20, 12);
        InitGeneralization.Rates b = new InitGeneralization.Rates(5, true, N, a.standard(), a.mirrored());
        InitGeneralization.Rates c = synthetic(10, -0.23, -0.545, 20, 13);
        List<Verdict> v = InitGeneralization.verdicts(List.of(a, b, c), 1, Interval.LEVEL);
        assertEquals(9, v.size());
        assertEquals(InitGeneralization.standardExponent(5), v.get(0).claim().claimedValue());
        assertEquals(InitGeneralization.standardExponent(10), v.get(6).claim().claimedValue());
    }
}
