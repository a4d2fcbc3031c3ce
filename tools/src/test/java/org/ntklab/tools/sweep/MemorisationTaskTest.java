package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.tools.experiment.MemorisationTraining;
import org.ntklab.tools.experiment.SpecReader;

/** The memorisation sweep task: the experiment's numbers, its defaults, and the paper's full grid as a sweep spec. */
class MemorisationTaskTest {

    private final MemorisationTask type = new MemorisationTask();

    @Test
    void aTaskReproducesTheExperimentsTrainingExactly() {
        MemorisationTask.Params p = type.resolve(new MemorisationTask.Params(40, 6, 2, 7L, 150, 50, null, null));
        TaskType.Outcome o = type.run(p);
        MemorisationTraining.Result r = MemorisationTraining.train(40, 6, 2, 7L, 150, 50, 0.1);
        assertEquals(r.finalMse(), (double) o.result().get("final_mse"), 0, "same random key, same arithmetic");
        assertEquals(r.epochs(), (long) o.result().get("epochs_run"));
        assertTrue(r.finalMse() < r.initialMse(), "Adam lowers the loss");
        // another repetition is another network and data set
        assertTrue(MemorisationTraining.train(40, 6, 3, 7L, 150, 50, 0.1).initialMse() != r.initialMse());
    }

    @Test
    void defaultsAreThePapersAndBadKeysAreNamed() {
        MemorisationTask.Params p = type.resolve(new MemorisationTask.Params(400, 22, null, null, null, null, null, null));
        assertEquals(List.of(0, 1L, 10000, 100, 0.1, 1e-6), List.of(p.repetition(), p.seed(), p.epochs(), p.earlyStopWindow(), p.lrScale(),
                p.paperThreshold()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> type.resolve(new MemorisationTask.Params(null, 22, null, null, null, null, null, null)));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> type.resolve(new MemorisationTask.Params(400, 22, null, null, 10, 100, null, null)));
    }

    @Test
    void theShippedFullGridIsThePapers() {
        SweepSpec s = SweepSpec.parse(SpecReader.resource("/sweeps/memorisation-full.yaml"), "memorisation-full.yaml");
        List<SweepTask> tasks = s.tasks();
        assertEquals(29 * 30 * 10, tasks.size(), "N = 400·i without i = 8, d = ⌊√(500 j)⌋ for j ≤ 30, 10 repetitions");
        MemorisationTask.Params first = (MemorisationTask.Params) tasks.get(0).params();
        assertEquals(400, first.n());
        assertEquals(22, first.d());
        assertTrue(tasks.stream().noneMatch(t -> ((MemorisationTask.Params) t.params()).n() == 3200));
    }
}
