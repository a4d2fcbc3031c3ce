package org.ntklab.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Coverage by simulation: on synthetic data whose answer is known, a 95 % interval must cover the
 * truth between 93 % and 97 % of the time. Each simulation has a fixed seed, so the test is
 * deterministic; the ranges are about ±3 standard errors of a coverage estimate around 95 %.
 */
class CoverageTest {

    private static final double LEVEL = 0.95;

    private static void assertCoverage(String what, int covered, int trials) {
        double c = (double) covered / trials;
        System.out.printf(java.util.Locale.ROOT, "coverage %-55s %.4f (%d trials)%n", what, c, trials);
        assertTrue(c >= 0.93 && c <= 0.97, what + ": coverage " + c + " over " + trials + " trials");
    }

    @Test
    void tIntervalOfAMean() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(101L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int trials = 2000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] v = new double[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1.5 + 0.7 * g.sample();
            }
            covered += Replicates.summarise(v, LEVEL).ci().contains(1.5) ? 1 : 0;
        }
        assertCoverage("t interval, n = 8", covered, trials);
    }

    @Test
    void bcaBootstrapOfAMean() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(202L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int trials = 1000;
        int coveredBca = 0;
        int coveredPct = 0;
        for (int t = 0; t < trials; t++) {
            double[] v = new double[60];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.exp(0.5 * g.sample()); // lognormal: mean e^{1/8}
            }
            Bootstrap.Distribution d = new Bootstrap(t, 1000).ofMean(v);
            coveredBca += d.bca(LEVEL).contains(Math.exp(0.125)) ? 1 : 0;
            coveredPct += d.percentile(LEVEL).contains(Math.exp(0.125)) ? 1 : 0;
        }
        assertCoverage("BCa bootstrap of a lognormal mean, n = 60", coveredBca, trials);
        assertCoverage("percentile bootstrap of a lognormal mean, n = 60", coveredPct, trials);
    }

    @Test
    void slopeAcrossLevels() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(303L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = {100, 178, 316, 562, 1000, 1778};
        double b = -0.375;
        int trials = 2000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[][] y = new double[x.length][8];
            for (int k = 0; k < x.length; k++) {
                for (int r = 0; r < y[k].length; r++) {
                    // multiplicative noise with unit mean, so the mean follows the power law exactly
                    y[k][r] = 2 * Math.pow(x[k], b) * Math.exp(0.4 * g.sample() - 0.08);
                }
            }
            SlopeFit.Fit f = SlopeFit.acrossLevels(x, y, SlopeFit.Centre.MEAN, LEVEL);
            covered += f.slope().interval().contains(b) ? 1 : 0;
        }
        assertCoverage("delta-method slope, 6 levels x 8 replicates", covered, trials);
    }

    @Test
    void perReplicateSlope() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(404L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = {50, 100, 200, 400, 800};
        int trials = 2000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[][] y = new double[6][x.length];
            for (int r = 0; r < y.length; r++) {
                for (int k = 0; k < x.length; k++) {
                    y[r][k] = Math.pow(x[k], -0.5) * Math.exp(0.3 * g.sample());
                }
            }
            covered += SlopeFit.perReplicate(x, y, LEVEL).slope().interval().contains(-0.5) ? 1 : 0;
        }
        assertCoverage("per-replicate slope, 6 curves", covered, trials);
    }

    @Test
    void transitionThreshold() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(505L);
        double[] levels = {-1.5, -1.0, -0.5, -0.25, 0, 0.25, 0.5, 1.0, 1.5};
        int reps = 10;
        double truth = 0.2;
        int trials = 1000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] u = new double[levels.length * reps];
            boolean[] s = new boolean[u.length];
            for (int k = 0, i = 0; k < levels.length; k++) {
                for (int r = 0; r < reps; r++, i++) {
                    u[i] = levels[k];
                    s[i] = rng.nextDouble() < 1 / (1 + Math.exp(-2.5 * (levels[k] - truth)));
                }
            }
            covered += TransitionFit.point(u, s, LEVEL).threshold().interval().contains(truth) ? 1 : 0;
        }
        assertCoverage("logistic transition point, 9 levels x 10 runs", covered, trials);
    }
}
