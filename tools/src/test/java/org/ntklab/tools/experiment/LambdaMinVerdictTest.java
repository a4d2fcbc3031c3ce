package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;
import org.ntklab.stats.Verdict.Outcome;

/**
 * The lambda-min verdict logic on synthetic measurements with known answers: λ_min = c·d^b with
 * log-normal noise between repetitions (20 %, like the measured spread), a fixed-ratio sweep
 * λ_min/d² ∝ N^a, and certification switching on at a chosen P/N (with a few misses around it).
 * Verdict order: N = 1000 (headline), 2000, 3000, the sweep, the rank-boundary transition.
 */
class LambdaMinVerdictTest {

    private static final List<Integer> NS = List.of(1000, 2000, 3000);
    private static final LambdaMin.Spec SPEC = new LambdaMin.Spec(NS, "partial", 1000, 5, 955, 50, List.of(), 10, 100, 1000, List.of(), 3,
            List.of(500, 1000, 2000, 3000, 4000, 6000), 4, 3, 300, 17, 1, false, 1);

    /**
     * Synthetic cells: partial-NTK λ_min = 1e-6·d^slope·noise on a log-spaced d grid from d² = N/2 to
     * 1000·N (rank-deficient points λ_min = 0), certified positive when P/N exceeds {@code certifyAt}
     * (a logistic step of width 0.05 in log(P/N)), and the sweep λ_min/d² = 1e-7·(N/1000)^sweepSlope·noise.
     */
    private static Map<LambdaMin.Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells(double slope, double sweepSlope, double certifyAt,
                                                                                              int reps, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        Map<LambdaMin.Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells = new LinkedHashMap<>();
        Map<Integer, Map<Integer, LambdaMinStats>> main = new TreeMap<>();
        for (int n : NS) {
            Map<Integer, LambdaMinStats> byD = new TreeMap<>();
            for (int k = 0; k <= 40; k++) {
                int d = (int) Math.round(Math.sqrt(n * 0.5 * Math.pow(2000, k / 40.0)));
                LambdaMinStats st = byD.computeIfAbsent(d, x -> new LambdaMinStats(n, d, (long) d * d));
                if (st.count() > 0) {
                    continue;
                }
                for (int r = 0; r < reps; r++) {
                    double u = Math.log((double) d * d / n);
                    boolean certified = rng.nextDouble() < 1 / (1 + Math.exp(-(u - Math.log(certifyAt)) / 0.05)) && d * d >= n;
                    double value = d * d < n ? 1e-18 * g.sample() : 1e-6 * Math.pow(d, slope) * Math.exp(0.2 * g.sample());
                    st.add(certified ? value * 0.9 : -1e-12, value * 1.1, value);
                }
            }
            main.put(n, byD);
        }
        cells.put(LambdaMin.Series.PARTIAL, main);
        Map<Integer, Map<Integer, LambdaMinStats>> sweep = new TreeMap<>();
        for (int n : SPEC.sweepN()) {
            int d = SPEC.sweepDim(n);
            LambdaMinStats st = new LambdaMinStats(n, d, (long) d * d);
            for (int r = 0; r < Math.min(reps, 5); r++) {
                double value = (double) d * d * 1e-7 * Math.pow(n / 1000.0, sweepSlope) * Math.exp(0.2 * g.sample());
                st.add(value * 0.9, value * 1.1, value);
            }
            sweep.put(n, new TreeMap<>(Map.of(d, st)));
        }
        cells.put(LambdaMin.Series.SWEEP, sweep);
        return cells;
    }

    private static List<Outcome> outcomes(List<Verdict> v) {
        assertEquals(5, v.size(), "three N, the sweep, the transition");
        assertTrue(v.get(0).claim().statistic().contains("N = 1000"), "the headline is N = 1000: " + v.get(0).claim().statistic());
        return v.stream().map(Verdict::outcome).toList();
    }

    @Test
    void dataFollowingTheTheoremSupportIt() {
        List<Verdict> v = LambdaMin.verdicts(SPEC, cells(2, 0, 1.02, 10, 1));
        assertEquals(List.of(Outcome.SUPPORTS, Outcome.SUPPORTS, Outcome.SUPPORTS, Outcome.SUPPORTS, Outcome.SUPPORTS), outcomes(v),
                v.stream().map(Verdict::line).toList().toString());
        assertEquals(2, v.get(0).estimate().value(), 0.1);
    }

    @Test
    void dataFollowingTheCompetitorsContradictIt() {
        // λ_min ∝ d (one width), λ_min/d² ∝ N^{−1/2} along the sweep, certification only from P = 3·N log N
        List<Verdict> v = LambdaMin.verdicts(SPEC, cells(1, -0.5, 3 * Math.log(3000), 10, 2));
        assertEquals(List.of(Outcome.CONTRADICTS, Outcome.CONTRADICTS, Outcome.CONTRADICTS, Outcome.CONTRADICTS, Outcome.CONTRADICTS),
                outcomes(v), v.stream().map(Verdict::line).toList().toString());
    }

    @Test
    void aSlopeAboveTwoContradictsProportionality() {
        // faster than d² (the finite-size approach seen in the reference run): the claim λ_min ∝ d² is excluded
        List<Verdict> v = LambdaMin.verdicts(SPEC, cells(2.7, 0, 1.02, 10, 3));
        assertEquals(Outcome.CONTRADICTS, v.get(0).outcome(), v.get(0).line());
    }

    @Test
    void twoRepetitionsPerPointAreInconclusive() {
        List<Verdict> v = LambdaMin.verdicts(SPEC, cells(2, 0, 1.02, 2, 4));
        assertEquals(List.of(Outcome.INCONCLUSIVE, Outcome.INCONCLUSIVE, Outcome.INCONCLUSIVE, Outcome.INCONCLUSIVE, Outcome.INCONCLUSIVE),
                outcomes(v), v.stream().map(Verdict::line).toList().toString());
    }

    @Test
    void noPointsInTheWindowIsInconclusiveNotAnError() {
        LambdaMin.Spec narrow = new LambdaMin.Spec(NS, "partial", 1000, 5, 955, 50, List.of(), 10, 1e6, 1000, List.of(), 3, List.of(), 4, 3, 300, 17, 1,
                false, 1);
        List<Verdict> v = LambdaMin.verdicts(narrow, cells(2, 0, 1.02, 10, 5));
        assertEquals(Outcome.INCONCLUSIVE, v.get(0).outcome());
        assertTrue(Double.isNaN(v.get(0).estimate().value()));
    }

    @Test
    void theFullNtkMainGridIsJudgedOnTheFullNtkSeries() {
        LambdaMin.Spec full = new LambdaMin.Spec(NS, "full", 1000, 5, 955, 50, List.of(), 10, 100, 1000, List.of(), 3,
                List.of(500, 1000, 2000, 3000, 4000, 6000), 4, 3, 300, 17, 1, false, 1);
        var cells = cells(2, 0, 1.02, 10, 6);
        cells.put(LambdaMin.Series.FULL, cells.remove(LambdaMin.Series.PARTIAL));
        List<Verdict> v = LambdaMin.verdicts(full, cells);
        assertEquals(Outcome.SUPPORTS, outcomes(v).get(0), v.get(0).line());
        assertTrue(v.get(0).claim().statistic().contains("full NTK"), v.get(0).claim().statistic());
        // the partial series is now a variant: the main grid without FULL cells has nothing to fit
        List<Verdict> none = LambdaMin.verdicts(full, cells(2, 0, 1.02, 10, 6));
        assertEquals(Outcome.INCONCLUSIVE, none.get(0).outcome());
    }
}
