package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Interval;

/** The verdict logic of generalization-bound on synthetic runs. */
class GeneralizationBoundVerdictTest {

    private static final double[] FRACTIONS = {0, 0.25, 0.5, 0.75, 1};

    /**
     * Runs whose measure is {@code m0 + measureRise·p} and test error {@code 0.06 + errorRise·p},
     * each with per-run Gaussian noise of the size seen in real runs (measure ±0.05, test error ±0.015).
     */
    private static GeneralizationBound.Run[][] synthetic(double measureRise, double errorRise, int runs, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        GeneralizationBound.Run[][] out = new GeneralizationBound.Run[FRACTIONS.length][runs];
        for (int k = 0; k < FRACTIONS.length; k++) {
            for (int r = 0; r < runs; r++) {
                out[k][r] = new GeneralizationBound.Run(1.2 + measureRise * FRACTIONS[k] + 0.05 * g.sample(),
                        Math.max(0, 0.06 + errorRise * FRACTIONS[k] + 0.015 * g.sample()));
            }
        }
        return out;
    }

    private static List<String> outcomes(GeneralizationBound.Run[][] runs) {
        return GeneralizationBound.verdicts(FRACTIONS, runs, Interval.LEVEL, 7).stream().map(v -> v.outcome().word()).toList();
    }

    @Test
    void aMeasureThatRisesWithTheTestErrorIsSupported() {
        assertEquals(List.of("supports", "supports"), outcomes(synthetic(2.3, 0.42, 3, 1)));
    }

    @Test
    void aMeasureThatFallsAsTheErrorRisesContradicts() {
        // the measure falls with label noise while the test error rises: negative association, smaller on random labels
        assertEquals(List.of("contradicts", "contradicts"), outcomes(synthetic(-0.8, 0.42, 3, 2)));
    }

    @Test
    void aMeasureUnrelatedToTheErrorIsNotSupported() {
        // the measure does not move: no association to find (the one-sided claim cannot be contradicted at its boundary)
        List<String> o = outcomes(synthetic(0, 0.42, 5, 3));
        assertEquals("inconclusive", o.get(0));
        assertEquals("inconclusive", o.get(1));
    }

    @Test
    void twoRunsPerFractionAreInconclusive() {
        assertEquals(List.of("inconclusive", "inconclusive"), outcomes(synthetic(2.3, 0.42, 2, 4)));
    }

    @Test
    void timedRunsAddTheRandomLabelsTrainSlowerVerdict() {
        double[] fr = {0, 0.5, 1};
        GeneralizationBound.Run[][] slow = new GeneralizationBound.Run[3][4];
        GeneralizationBound.Run[][] same = new GeneralizationBound.Run[3][4];
        for (int k = 0; k < 3; k++) {
            for (int r = 0; r < 4; r++) {
                double m = 1 + k + 0.05 * r;
                slow[k][r] = new GeneralizationBound.Run(m, 0.1 * m, 100 * (1 + 3 * k) + 7 * r, 90 * (1 + 3 * k));
                same[k][r] = new GeneralizationBound.Run(m, 0.1 * m, 100 + 7 * r - 10 * k, 90);
            }
        }
        java.util.List<org.ntklab.stats.Verdict> v = GeneralizationBound.verdicts(fr, slow, 0.95, 1);
        assertEquals(3, v.size());
        assertEquals(org.ntklab.stats.Verdict.Outcome.SUPPORTS, v.get(2).outcome(), v.get(2).line());
        assertEquals(org.ntklab.stats.Verdict.Outcome.CONTRADICTS, GeneralizationBound.verdicts(fr, same, 0.95, 1).get(2).outcome());
    }

    @Test
    void theLinearisedPredictionIsTheFirstStepBelowTheTarget() {
        // H = diag(4, 1), η = 0.25: the residual (y − u₀) = (1, 1) decays as (0, 0.75^k); loss ½·0.75^{2k} ≤ 0.01 → 2k ≥ 13.6, k = 7
        org.ntklab.eigen.Spectrum.Eigensystem eig = new org.ntklab.eigen.Spectrum.Eigensystem(new double[] {1, 4},
                new org.ntklab.linalg.Matrix(2, 2, new double[] {0, 1, 1, 0}));
        double k = GeneralizationBound.predictedIterations(eig, new double[] {1, 1}, new double[] {0, 0}, 0.25, 0.01, 1000);
        assertEquals(7, k);
        assertEquals(5, GeneralizationBound.predictedIterations(eig, new double[] {1, 1}, new double[] {0, 0}, 0.25, 0.01, 5), "the budget");
    }
}
