package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The memorisation experiment's pieces: the grid, the architecture, early stopping in a real run, the heatmap bins. */
class MemorisationTest {

    private static Memorisation.Spec spec(int epochs, int window) {
        return new Memorisation.Spec(java.util.List.of(1, 2), 400, java.util.List.of(1, 5), 500, epochs, window, 0.1, 0.01, 1e-6, 1, 1);
    }

    @Test
    void gridAndStepFollowThePaper() {
        Memorisation.Spec s = spec(100, 10);
        assertEquals(800, s.n(2));
        assertEquals(22, s.d(1)); // ⌊√500⌋
        assertEquals(50, s.d(5)); // ⌊√2500⌋
        assertEquals(0.1 / 20, s.lr(400), 0.0);
        // three hidden d×d layers after a d-dimensional input, a d→1 output, no bias: 3d² + d parameters
        assertEquals(3 * 22 * 22 + 22, LambdaMinEvaluation.differentiatedParameters(Memorisation.architecture(22)));
    }

    @Test
    void earlyStoppingEndsARunAndTheRunIsReproducible() {
        Memorisation.Job job = new Memorisation.Job(120, 12, 0);
        Memorisation.Spec withRule = new Memorisation.Spec(java.util.List.of(1), 120, java.util.List.of(1), 144, 3000, 100, 0.1, 0.01, 1e-6, 1, 3);
        Memorisation.Outcome a = Memorisation.train(withRule, job);
        Memorisation.Outcome b = Memorisation.train(withRule, job);
        assertEquals(a.finalMse(), b.finalMse(), 0.0, "same key, same run");
        assertTrue(a.epochs() < 3000 && (a.epochs() + 1) % 100 == 0, "stopped at the end of a block: " + a.epochs());
        Memorisation.Outcome full = Memorisation.train(new Memorisation.Spec(java.util.List.of(1), 120, java.util.List.of(1), 144, 3000, 0,
                0.1, 0.01, 1e-6, 1, 3), job);
        assertEquals(3000, full.epochs(), "without the rule the budget is used");
        assertTrue(a.finalMse() < a.initialMse(), "training reduced the loss");
    }

    @Test
    void theDefaultSpecHasEnoughRepetitionsForAVerdict() {
        Memorisation.Spec s = SpecReader.parse(SpecReader.resource(new Memorisation().defaultSpecResource()), Memorisation.Spec.class, "default");
        assertTrue(s.repetitions() >= Memorisation.MIN_PER_POINT, "repetitions " + s.repetitions());
    }

    @Test
    void heatmapBinsSplitAtTheirEdges() {
        assertEquals(0, MemorisationReport.bin(-30));
        assertEquals(0, MemorisationReport.bin(-6));
        assertEquals(1, MemorisationReport.bin(-5.9));
        assertEquals(3, MemorisationReport.bin(-2));
        assertEquals(5, MemorisationReport.bin(0));
        assertEquals(6, MemorisationReport.bin(0.3));
    }
}
