package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Interval;
import org.ntklab.stats.Verdict;

/** The verdict logic of gd-dynamics on synthetic runs with known exponents. */
class GdDynamicsVerdictTest {

    private static final double[] WIDTHS = {100, 300, 1000, 3000, 10000};

    /**
     * Runs whose three measures scale as m^slope with multiplicative log-normal noise of the size
     * seen in the reference run (about 5 % per run for the movement, 20 % for the gap).
     */
    private static GdDynamics.Run[][] synthetic(double patternSlope, double moveSlope, double gapSlope, int runs, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        GdDynamics.Run[][] out = new GdDynamics.Run[WIDTHS.length][runs];
        for (int w = 0; w < WIDTHS.length; w++) {
            double m = WIDTHS[w] / 100;
            for (int r = 0; r < runs; r++) {
                out[w][r] = new GdDynamics.Run(0.06 * Math.pow(m, patternSlope) * Math.exp(0.05 * g.sample()),
                        6 * Math.pow(m, moveSlope) * Math.exp(0.05 * g.sample()), 5 * Math.pow(m, gapSlope) * Math.exp(0.2 * g.sample()));
            }
        }
        return out;
    }

    private static List<String> outcomes(GdDynamics.Run[][] runs) {
        return GdDynamics.verdicts(WIDTHS, runs, Interval.LEVEL).stream().map(v -> v.outcome().word()).toList();
    }

    @Test
    void theTheorysExponentsAreSupported() {
        assertEquals(List.of("supports", "supports", "supports"), outcomes(synthetic(-0.5, -0.5, -0.7, 5, 1)));
    }

    @Test
    void movementThatDoesNotShrinkContradicts() {
        // the competitor: patterns and neurons move as much at every width, and the loss gap grows
        assertEquals(List.of("contradicts", "contradicts", "contradicts"), outcomes(synthetic(0, 0, 0.3, 5, 2)));
    }

    @Test
    void aWrongExponentContradictsEvenIfMovementShrinks() {
        List<Verdict> v = GdDynamics.verdicts(WIDTHS, synthetic(-1.0, -0.25, -0.7, 5, 3), Interval.LEVEL);
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(0).outcome());
        assertEquals(Verdict.Outcome.CONTRADICTS, v.get(1).outcome());
    }

    @Test
    void twoRunsPerWidthAreInconclusive() {
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive"), outcomes(synthetic(-0.5, -0.5, -0.7, 2, 4)));
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive"), outcomes(synthetic(-0.5, -0.5, -0.7, 1, 5)));
    }
}
