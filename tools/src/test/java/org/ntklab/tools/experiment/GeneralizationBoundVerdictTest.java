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
}
