package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.stats.Verdict;

/**
 * The gd-guarantee verdict logic on synthetic runs: losses below the bound support it, losses above it (a kernel that
 * degraded in training) contradict it, two runs are too few; and the step count and bound formulas.
 */
class GdGuaranteeVerdictTest {

    private static final GdGuarantee.Spec SPEC = new GdGuarantee.Spec(200, List.of(1.0, 4.0), 5, 1.0, 1e-3, 20000, 1);

    private static GdGuarantee.Run[][] runs(double centre, int reps) {
        GdGuarantee.Run[][] out = new GdGuarantee.Run[2][reps];
        for (int w = 0; w < 2; w++) {
            for (int r = 0; r < reps; r++) {
                double lr = centre + 0.1 * (r - reps / 2.0);
                out[w][r] = new GdGuarantee.Run(1e-3, 10, 100, 1, Math.exp(lr), lr, lr, List.of());
            }
        }
        return out;
    }

    @Test
    void lossesBelowTheBoundSupportAndAboveContradict() {
        for (Verdict v : GdGuarantee.verdicts(SPEC, runs(-2, 5))) {
            assertEquals(Verdict.Outcome.SUPPORTS, v.outcome(), v.line());
        }
        for (Verdict v : GdGuarantee.verdicts(SPEC, runs(1, 5))) {
            assertEquals(Verdict.Outcome.CONTRADICTS, v.outcome(), v.line());
        }
        for (Verdict v : GdGuarantee.verdicts(SPEC, runs(-2, 2))) {
            assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome(), v.line());
        }
    }

    @Test
    void theStepCountIsWhereTheBoundHasFallenByTheDecay() {
        // η λ₀ = 0.01: (0.99)^{2k} = 1e-3 at k = ln(1e3)/(−2 ln 0.99) = 343.7 → 344
        assertEquals(344, GdGuarantee.steps(1, 0.01, 1e-3, 1_000_000));
        assertEquals(100, GdGuarantee.steps(1, 0.01, 1e-3, 100), "capped");
        assertEquals(Math.pow(0.99, 688) * 2, GdGuarantee.bound(2, 1, 0.01, 344), 1e-15);
        assertEquals(200, SPEC.width(200.0), "d = ⌈√(ratio·N)⌉");
    }
}
