package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;

class EarlyStoppingTest {

    /** The step at which the rule fires on a sequence, or −1. */
    private static int firstStop(int window, double[] losses) {
        EarlyStopping rule = new EarlyStopping(window);
        for (int k = 0; k < losses.length; k++) {
            if (rule.offer(losses[k])) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void firesAtTheEndOfTheFirstBlockWhoseAverageRises() {
        // block averages 5, 4, 4 (equal: not a rise), 4.5 → stops at the last step of block 4 (index 11)
        double[] l = {6, 4, 5, /**/ 3, 5, 4, /**/ 4, 4, 4, /**/ 1, 1, 11.5, /**/ 0, 0, 0};
        assertEquals(11, firstStop(3, l));
        // a single spike inside a block whose average still falls does not stop training
        assertEquals(-1, firstStop(3, new double[] {9, 8, 7, 1, 20, 1, 0.5, 0.5, 0.5}));
        // window 1 compares consecutive steps
        assertEquals(2, firstStop(1, new double[] {3, 2, 2.5, 1}));
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0));
    }

    @Test
    void trainerStopsWhereTheRuleAppliedToTheFullTrajectoryFires() {
        Matrix x = TestData.gaussian(24, 4, 11);
        double[] y = TestData.gaussian(24, 1, 12).data();
        var spec = Preset.BOMBARI.spec(4, 2, new int[] {6, 6}).withActivation(Activation.relu()).withTrainable(1, 2, 3);
        // a large Adam step: the loss oscillates, so the rule fires well before the end
        OptimizerSpec adam = OptimizerSpec.of(OptimizerSpec.Kind.ADAM, 0.2);
        int steps = 600;
        TrainingConfig full = TrainingConfig.gradientFlow(steps * 0.2, 0.2).withOptimizer(adam).withRecords(100_000, 0);
        TrainingResult all = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 3), TrainingData.of(x, y), full,
                ProgressListener.NONE);
        List<TrainingRecord> rec = all.records();
        assertEquals(steps + 1, rec.size(), "a record at every step");
        double[] losses = rec.stream().mapToDouble(TrainingRecord::trainLoss).toArray();
        int expected = firstStop(20, losses);
        assertTrue(expected > 0 && expected < steps, "the case must exercise the rule: " + expected);

        TrainingResult stopped = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 3), TrainingData.of(x, y),
                full.withRecords(3, 0).withEarlyStop(20), ProgressListener.NONE);
        assertEquals(expected, stopped.steps());
        assertEquals(expected, stopped.last().step());
        assertEquals(losses[expected], stopped.last().trainLoss(), 0.0, "the same trajectory, bit for bit");
        assertFalse(Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 3), TrainingData.of(x, y),
                full.withRecords(3, 0), ProgressListener.NONE).steps() < steps, "without the rule it runs to the end");
    }
}
