package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Interval;

/** The verdict logic of ntk-convergence on synthetic runs with known exponents. */
class NtkConvergenceVerdictTest {

    private static final double[] WIDTHS = {250, 500, 1000, 2000, 4000};

    /**
     * Runs whose deviation and movement scale as n^slope with per-run log-normal noise of the size
     * seen in real runs (about 25 % for the deviation: it is a norm of a fluctuation; 15 % for the
     * movement).
     */
    private static NtkConvergence.Run[][] synthetic(double devSlope, double moveSlope, int runs, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        NtkConvergence.Run[][] out = new NtkConvergence.Run[WIDTHS.length][runs];
        for (int w = 0; w < WIDTHS.length; w++) {
            double n = WIDTHS[w] / 250;
            for (int r = 0; r < runs; r++) {
                out[w][r] = new NtkConvergence.Run(0.15 * Math.pow(n, devSlope) * Math.exp(0.25 * g.sample()),
                        0.25 * Math.pow(n, moveSlope) * Math.exp(0.15 * g.sample()));
            }
        }
        return out;
    }

    private static List<String> outcomes(NtkConvergence.Run[][] runs) {
        return NtkConvergence.verdicts(WIDTHS, runs, Interval.LEVEL).stream().map(v -> v.outcome().word()).toList();
    }

    @Test
    void theTheorysRatesAreSupported() {
        assertEquals(List.of("supports", "supports", "supports"), outcomes(synthetic(-0.5, -1.0, 10, 1)));
    }

    @Test
    void aKernelThatNeitherConvergesNorStaysPutContradicts() {
        // a deviation that does not shrink, and a movement that grows with the width
        assertEquals(List.of("contradicts", "contradicts", "contradicts"), outcomes(synthetic(0, 0.3, 10, 2)));
        // a movement that stays the same size: the one-sided claim (b) cannot be contradicted at its
        // boundary, only not supported; the rate claim (c) is contradicted
        assertEquals(List.of("contradicts", "inconclusive", "contradicts"), outcomes(synthetic(0, 0, 10, 5)));
    }

    @Test
    void movementAtTheFluctuationScaleContradictsOnlyTheSharperRate() {
        assertEquals(List.of("supports", "supports", "contradicts"), outcomes(synthetic(-0.5, -0.5, 10, 3)));
    }

    @Test
    void twoRunsPerWidthAreInconclusive() {
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive"), outcomes(synthetic(-0.5, -1.0, 2, 4)));
    }
}
