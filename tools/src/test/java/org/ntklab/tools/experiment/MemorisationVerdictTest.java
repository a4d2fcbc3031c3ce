package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;
import org.ntklab.stats.Verdict.Outcome;

/**
 * The memorisation verdict logic on synthetic runs with a known 50 % line: a run at (N, d²)
 * memorises with probability logistic((log d² − log d²₅₀(N)) / 0.3), d²₅₀(N) = 0.4·N·(N/N_mid)^(γ−1),
 * on a grid like the default (7 sizes N from 400 to 4000) with 12 log-spaced d² from 10 to 20000, wide enough
 * to hold the transition at every N under either slope.
 */
class MemorisationVerdictTest {

    private static final Memorisation.Spec SPEC = new Memorisation.Spec(List.of(1, 2, 3, 4, 6, 8, 10), 400, List.of(1), 125, 10000, 100, 0.1,
            0.01, 1e-6, 3, 1);

    private static List<Memorisation.Run> runs(double gamma, int reps, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double nMid = Math.sqrt(400.0 * 4000);
        List<Memorisation.Run> out = new ArrayList<>();
        for (int i : SPEC.nI()) {
            int n = SPEC.n(i);
            double mid = Math.log(0.4 * n * Math.pow(n / nMid, gamma - 1));
            for (int k = 0; k < 12; k++) {
                int d = (int) Math.round(Math.sqrt(10 * Math.pow(2000, k / 11.0)));
                for (int r = 0; r < reps; r++) {
                    double p = 1 / (1 + Math.exp(-(Math.log((double) d * d) - mid) / 0.3));
                    out.add(new Memorisation.Run(n, d, r, rng.nextDouble() < p));
                }
            }
        }
        return out;
    }

    @Test
    void aTransitionAlongDSquaredProportionalToNSupportsTheClaim() {
        Memorisation.Analysis a = Memorisation.analyse(SPEC, runs(1, 3, 1));
        Verdict v = a.verdicts().get(0);
        assertEquals(Outcome.SUPPORTS, v.outcome(), v.line() + " " + v.estimate().method());
        // the reported ratio (γ fixed to 1) recovers the 0.4 built in
        assertTrue(a.ratio().interval().contains(0.4), a.ratio().toString());
        assertEquals(7, a.points().size());
        assertTrue(a.points().stream().allMatch(b -> b[2] <= b[1] && b[1] <= b[3]), "each interval holds its point");
    }

    @Test
    void aTransitionAlongDProportionalToNContradictsIt() {
        Verdict v = Memorisation.verdicts(SPEC, runs(2, 3, 2)).get(0);
        assertEquals(Outcome.CONTRADICTS, v.outcome(), v.line());
        assertEquals(2, v.estimate().value(), 0.4);
    }

    @Test
    void twoRunsPerPointAreInconclusive() {
        Verdict v = Memorisation.verdicts(SPEC, runs(1, 2, 3)).get(0);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.line());
    }

    @Test
    void runsThatAllMemoriseAreInconclusive() {
        List<Memorisation.Run> all = runs(1, 3, 4).stream().map(r -> new Memorisation.Run(r.n(), r.d(), r.rep(), true)).toList();
        Memorisation.Analysis a = Memorisation.analyse(SPEC, all);
        assertTrue(a.verdicts().get(0).outcome() != Outcome.SUPPORTS, a.verdicts().get(0).line());
    }
}
