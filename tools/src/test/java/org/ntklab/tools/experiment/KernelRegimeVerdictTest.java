package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Interval;

/** The verdict logic of kernel-regime on synthetic distances and band shares. */
class KernelRegimeVerdictTest {

    private static final double[] WIDTHS = {64, 128, 256, 512, 1024, 2048};
    private static final int[] CIRCLE_WIDTHS = {50, 1000};

    /** Distances c·m^slope with log-normal noise of about 15 % per network (the reference run's spread). */
    private static double[][] distances(double slope, int networks, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] y = new double[WIDTHS.length][networks];
        for (int w = 0; w < WIDTHS.length; w++) {
            for (int r = 0; r < networks; r++) {
                y[w][r] = 0.3 * Math.pow(WIDTHS[w] / 64, slope) * Math.exp(0.15 * g.sample());
            }
        }
        return y;
    }

    /**
     * Shares of 181 grid points inside the band for a network whose function, at each point, is
     * inside with probability p, with a per-network effect (neighbouring points are correlated, so
     * the share varies between networks much more than a binomial would: sd ≈ 0.1).
     */
    private static double[][] shares(double p, int inits, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] s = new double[CIRCLE_WIDTHS.length][inits];
        for (int w = 0; w < CIRCLE_WIDTHS.length; w++) {
            for (int k = 0; k < inits; k++) {
                double pk = Math.min(1, Math.max(0, p + (p < 1 ? 0.1 * g.sample() : 0)));
                int inside = 0;
                for (int a = 0; a < 181; a++) {
                    inside += rng.nextDouble() < pk ? 1 : 0;
                }
                s[w][k] = inside / 181.0;
            }
        }
        return s;
    }

    private static List<String> outcomes(double slopeStd, double slopeMir, int networks, double share, int inits, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        KernelRegime.Measured m = new KernelRegime.Measured(WIDTHS, distances(slopeStd, networks, rng), distances(slopeMir, networks, rng),
                CIRCLE_WIDTHS, shares(share, inits, rng));
        return KernelRegime.verdicts(m, Interval.LEVEL).stream().map(v -> v.outcome().word()).toList();
    }

    @Test
    void theKernelRegimeIsSupported() {
        assertEquals(List.of("supports", "supports", "supports", "supports"), outcomes(-0.5, -0.5, 5, 0.8, 10, 1));
    }

    @Test
    void noConvergenceAndCollapsedNetworksContradict() {
        // the competitors: the distance does not shrink with width, and every network sits on the kernel-regression mean
        assertEquals(List.of("contradicts", "contradicts", "contradicts", "contradicts"), outcomes(0, 0, 5, 1.0, 10, 2));
    }

    @Test
    void aWrongRateContradicts() {
        assertEquals(List.of("contradicts", "contradicts"), outcomes(-0.25, -1.0, 5, 0.8, 10, 3).subList(0, 2));
    }

    @Test
    void tooFewReplicatesAreInconclusive() {
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive", "inconclusive"), outcomes(-0.5, -0.5, 2, 0.8, 2, 4));
        assertEquals(List.of("inconclusive", "inconclusive", "inconclusive", "inconclusive"), outcomes(-0.5, -0.5, 1, 0.8, 1, 5));
    }

    @Test
    void theHeadlineIsTheStandardSlopeAndTheLargestCircleWidthComesFirst() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(6);
        KernelRegime.Measured m = new KernelRegime.Measured(WIDTHS, distances(-0.5, 5, rng), distances(-0.5, 5, rng), CIRCLE_WIDTHS,
                shares(0.8, 10, rng));
        var v = KernelRegime.verdicts(m, Interval.LEVEL);
        assertEquals(true, v.get(0).claim().statistic().endsWith("standard initialisation"));
        assertEquals(true, v.get(2).claim().statistic().endsWith("width 1000"));
        assertEquals(true, v.get(3).claim().statistic().endsWith("width 50"));
    }
}
