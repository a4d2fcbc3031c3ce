package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;

/**
 * The ntk-width verdict logic on synthetic errors ε(width) = c·width^a·noise: the central-limit rate supports both claims,
 * the theorem's own rate −1/4 keeps the theorem's bound but contradicts the central limit, an error that does not fall
 * contradicts the theorem, and two networks per width are too few. Also the error statistic on a known matrix pair.
 */
class NtkWidthVerdictTest {

    private static final NtkWidth.Spec SPEC = new NtkWidth.Spec(List.of(32, 64, 128, 256, 512, 1024, 2048, 4096), 2, 10, 20, 20,
            List.of(0.1, 0.01), 1);

    private static NtkWidth.Run[][] runs(double slope, int networks, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        NtkWidth.Run[][] out = new NtkWidth.Run[SPEC.widths().size()][networks];
        for (int i = 0; i < out.length; i++) {
            for (int r = 0; r < networks; r++) {
                double e = 2 * Math.pow(SPEC.widths().get(i), slope) * Math.exp(0.15 * g.sample());
                out[i][r] = new NtkWidth.Run(e, e / 3);
            }
        }
        return out;
    }

    private static List<Verdict.Outcome> outcomes(List<Verdict> v) {
        return v.stream().map(Verdict::outcome).toList();
    }

    @Test
    void theCentralLimitRateSupportsBoth() {
        List<Verdict> v = NtkWidth.verdicts(SPEC, runs(-0.5, 20, 1));
        assertEquals(List.of(Verdict.Outcome.SUPPORTS, Verdict.Outcome.SUPPORTS), outcomes(v), v.toString());
        assertEquals(-0.5, v.get(0).estimate().value(), 0.05);
        // the width for ε = 0.01 from the fitted line: 2·m^{−1/2} = 0.01 → m = 40000
        double m = NtkWidth.analyse(SPEC, runs(-0.5, 20, 1)).needed().get("0.01");
        assertEquals(40000, m, 10000);
    }

    @Test
    void theTheoremsRateContradictsTheCentralLimitAndANonFallingErrorTheTheorem() {
        List<Verdict> quarter = NtkWidth.verdicts(SPEC, runs(-0.25, 20, 2));
        assertEquals(Verdict.Outcome.CONTRADICTS, quarter.get(1).outcome(), quarter.get(1).line());
        assertTrue(quarter.get(0).outcome() != Verdict.Outcome.CONTRADICTS, "a slope at −1/4 keeps the bound: " + quarter.get(0).line());
        List<Verdict> flat = NtkWidth.verdicts(SPEC, runs(0, 20, 3));
        assertEquals(List.of(Verdict.Outcome.CONTRADICTS, Verdict.Outcome.CONTRADICTS), outcomes(flat), flat.toString());
    }

    @Test
    void twoNetworksPerWidthAreInconclusive() {
        assertEquals(List.of(Verdict.Outcome.INCONCLUSIVE, Verdict.Outcome.INCONCLUSIVE), outcomes(NtkWidth.verdicts(SPEC, runs(-0.5, 2, 4))));
    }

    @Test
    void theErrorIsTheLargestPairDeviationOverLPlusOne() {
        // 2×2 column-major: the off-diagonal pair differs by 0.6, the diagonal by 0.3 and 0; L = 2
        NtkWidth.Run r = NtkWidth.errors(new double[] {3.3, 1.6, 1.6, 3}, new double[] {3, 1, 1, 3}, 2, 2);
        assertEquals(0.2, r.max(), 1e-15);
        assertEquals((0.1 + 0.2 + 0) / 3, r.mean(), 1e-15);
    }
}
