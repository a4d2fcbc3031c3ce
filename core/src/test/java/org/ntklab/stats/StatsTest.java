package org.ntklab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Closed forms and library oracles for the statistics package. */
class StatsTest {

    @Test
    void tIntervalMatchesTheClosedForm() {
        Replicates.Summary s = Replicates.summarise(new double[] {1, 2, 3, 4, 5});
        assertEquals(3, s.mean(), 1e-15);
        assertEquals(Math.sqrt(2.5), s.sd(), 1e-15);
        // t_{0.975, 4} = 2.7764451051977987
        double half = 2.7764451051977987 * Math.sqrt(2.5) / Math.sqrt(5);
        assertEquals(3 - half, s.ci().low(), 1e-12);
        assertEquals(3 + half, s.ci().high(), 1e-12);
        assertTrue(!Replicates.summarise(new double[] {7}).ci().bounded(), "one replicate bounds nothing");
    }

    @Test
    void bootstrapIsSeededAndStratified() {
        double[] v = {0.3, 1.2, 2.2, 0.1, 5.0, 0.7, 1.9, 0.4};
        Interval a = new Bootstrap(9).ofMean(v).bca(0.95);
        Interval b = new Bootstrap(9).ofMean(v).bca(0.95);
        assertEquals(a, b, "same seed, same interval");
        // A group of one replicate is resampled to itself: the statistic of that group never moves.
        double[][] groups = {{4.0}, {1, 2, 3, 4}};
        Bootstrap.Distribution d = new Bootstrap(1).run(new int[] {1, 4}, idx -> groups[0][idx[0][0]]);
        assertEquals(0, d.standardError(), 0);
    }

    @Test
    void bcaShiftsTowardsTheLongTailOfASkewedStatistic() {
        // For the mean of right-skewed data the BCa interval lies to the right of the percentile one
        // (positive acceleration and bias correction), the textbook property (Efron & Tibshirani §14).
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        double[] v = new double[25];
        for (int i = 0; i < v.length; i++) {
            v[i] = -Math.log(rng.nextDouble());
        }
        Bootstrap.Distribution d = new Bootstrap(5, 4000).ofMean(v);
        Interval p = d.percentile(0.95);
        Interval bca = d.bca(0.95);
        assertTrue(bca.low() > p.low() && bca.high() > p.high(), "BCa " + bca + " vs percentile " + p);
    }

    @Test
    void noiselessPowerLawGivesItsExactSlope() {
        double[] x = {10, 20, 40, 80, 160};
        double[][] y = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            y[k] = new double[] {3 * Math.pow(x[k], -0.5), 3 * Math.pow(x[k], -0.5), 3 * Math.pow(x[k], -0.5)};
        }
        SlopeFit.Fit f = SlopeFit.acrossLevels(x, y, SlopeFit.Centre.MEAN, 0.95);
        assertEquals(-0.5, f.slope().value(), 1e-12);
        assertEquals(-0.5, f.slope().low(), 1e-12);
        assertEquals(-0.5, f.slope().high(), 1e-12);
        assertEquals(3 * Math.pow(50, -0.5), f.at(50), 1e-12);
    }

    @Test
    void slopeOfTheCentresMatchesSimpleRegression() {
        double[] x = {2, 5, 11, 30};
        double[][] y = {{1.0, 1.4, 0.8}, {2.1, 2.6}, {4.0, 5.5, 3.9, 4.4}, {9.0, 11.0}};
        SlopeFit.Fit f = SlopeFit.acrossLevels(x, y, SlopeFit.Centre.GEOMETRIC_MEAN, 0.95);
        SimpleRegression r = new SimpleRegression();
        for (int k = 0; k < x.length; k++) {
            double s = 0;
            for (double v : y[k]) {
                s += Math.log(v);
            }
            r.addData(Math.log(x[k]), s / y[k].length);
        }
        assertEquals(r.getSlope(), f.slope().value(), 1e-12);
        assertEquals(r.getIntercept(), f.intercept(), 1e-12);
        assertTrue(f.slope().interval().contains(r.getSlope()));
        // a level with one replicate shows no spread: the same slope, no interval
        double[][] one = {{1.0, 1.4, 0.8}, {2.1}, {4.0, 5.5, 3.9, 4.4}, {9.0, 11.0}};
        SlopeFit.Fit g = SlopeFit.acrossLevels(x, one, SlopeFit.Centre.GEOMETRIC_MEAN, 0.95);
        assertTrue(!g.slope().interval().bounded(), g.slope().toString());
        assertEquals(Verdict.Outcome.INCONCLUSIVE, Claim.equal("c", "s", 1, 0).judge(g.slope()).outcome());
    }

    @Test
    void perReplicateSlopesUseTheirOwnSpread() {
        double[] x = {1, 2, 4};
        double[][] curves = {{1, 2, 4}, {1, 2.2, 4.4}, {1, 1.9, 3.8}};
        SlopeFit.Fit f = SlopeFit.perReplicate(x, curves, 0.95);
        double[] slopes = new double[3];
        for (int r = 0; r < 3; r++) {
            SimpleRegression reg = new SimpleRegression();
            for (int k = 0; k < 3; k++) {
                reg.addData(Math.log(x[k]), Math.log(curves[r][k]));
            }
            slopes[r] = reg.getSlope();
        }
        Replicates.Summary s = Replicates.summarise(slopes);
        assertEquals(s.mean(), f.slope().value(), 1e-12);
        assertEquals(s.ci().low(), f.slope().low(), 1e-12);
        assertEquals(s.ci().high(), f.slope().high(), 1e-12);
    }

    @Test
    void firthOnATwoByTwoTableAddsAHalfToEveryCell() {
        // With one binary covariate, Firth's estimate of the log odds ratio is that of the table
        // with 1/2 added to each cell (a closed form), and it stays finite under separation.
        int[][] cells = {{7, 0}, {2, 5}}; // rows: covariate 0/1; columns: failures/successes — separated at x = 0
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        java.util.List<Boolean> ys = new java.util.ArrayList<>();
        for (int xv = 0; xv < 2; xv++) {
            for (int outcome = 0; outcome < 2; outcome++) {
                for (int c = 0; c < cells[xv][outcome]; c++) {
                    rows.add(new double[] {1, xv});
                    ys.add(outcome == 1);
                }
            }
        }
        boolean[] y = new boolean[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        Logistic.Fit f = Logistic.firth(rows.toArray(new double[0][]), y);
        double logOdds0 = Math.log((0 + 0.5) / (7 + 0.5));
        double logOr = Math.log((5 + 0.5) * (7 + 0.5) / ((2 + 0.5) * (0 + 0.5)));
        assertArrayEquals(new double[] {logOdds0, logOr}, f.beta(), 1e-8);
    }

    @Test
    void transitionPointOfASteepLogisticIsFound() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        int n = 400;
        double[] u = new double[n];
        boolean[] s = new boolean[n];
        for (int i = 0; i < n; i++) {
            u[i] = -2 + 4.0 * i / (n - 1);
            s[i] = rng.nextDouble() < 1 / (1 + Math.exp(-3 * (u[i] - 0.4)));
        }
        TransitionFit.Result r = TransitionFit.point(u, s, 0.95);
        assertTrue(r.threshold().interval().contains(0.4), r.threshold().toString());
        assertTrue(r.threshold().interval().width() < 0.4, r.threshold().toString());
    }

    @Test
    void transitionLineOfTwoCovariatesIsFound() {
        // success when u > 0.5 + 1.0·v (logistic, steep), u and v on a grid: the fitted 50 % line
        // u = α + γ v must hold α = 0.5 and γ = 1 in its intervals, and exclude γ = 2.
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(12L);
        int n = 0;
        double[] u = new double[21 * 7 * 4];
        double[] v = new double[u.length];
        boolean[] s = new boolean[u.length];
        for (int a = 0; a < 21; a++) {
            for (int b = 0; b < 7; b++) {
                for (int r = 0; r < 4; r++, n++) {
                    u[n] = -1.5 + 0.2 * a;
                    v[n] = Math.log(400.0 * (b + 1)) - Math.log(1600);
                    s[n] = rng.nextDouble() < 1 / (1 + Math.exp(-4 * (u[n] - 0.5 - v[n])));
                }
            }
        }
        TransitionFit.Result r = TransitionFit.line(u, v, s, 0.95);
        assertTrue(r.threshold().interval().contains(0.5), r.threshold().toString());
        assertTrue(r.slope().interval().contains(1.0) && !r.slope().interval().contains(2.0), r.slope().toString());
    }

    @Test
    void claimsFollowTheIntervalOnly() {
        Claim c = Claim.equal("slope is 2", "slope", 2, 1);
        assertEquals(Verdict.Outcome.SUPPORTS, c.judge(est(1.9, 1.7, 2.1, 10)).outcome());
        assertEquals(Verdict.Outcome.CONTRADICTS, c.judge(est(1.1, 0.9, 1.3, 10)).outcome());
        assertEquals(Verdict.Outcome.CONTRADICTS, c.judge(est(3.0, 2.5, 3.5, 10)).outcome(), "excluding both still contradicts the claim");
        assertEquals(Verdict.Outcome.INCONCLUSIVE, c.judge(est(1.5, 0.5, 2.5, 10)).outcome());
        assertEquals(Verdict.Outcome.INCONCLUSIVE, c.judge(est(2.0, 1.9, 2.1, 2)).outcome(), "two replicates are too few");
        Claim g = Claim.greater("s above the threshold", "s", 0.5);
        assertEquals(Verdict.Outcome.SUPPORTS, g.judge(est(0.8, 0.6, 1.0, 5)).outcome());
        assertEquals(Verdict.Outcome.CONTRADICTS, g.judge(est(0.3, 0.2, 0.5, 5)).outcome());
        assertEquals(Verdict.Outcome.INCONCLUSIVE, g.judge(est(0.5, 0.4, 0.6, 5)).outcome());
        assertThrows(IllegalArgumentException.class, () -> Claim.equal("x", "s", 1, 1));
        assertEquals("contradicts", c.judge(est(1.1, 0.9, 1.3, 10)).fields().get("verdict"));
    }

    private static Estimate est(double v, double lo, double hi, int n) {
        return new Estimate(v, new Interval(lo, hi, 0.95), n, "test");
    }
}
