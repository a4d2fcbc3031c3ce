package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.UserError;

/** Resumable experiment units: computed once, read back bit for bit, tied to the spec, and used by a real run. */
class CheckpointsTest {

    @TempDir
    Path out;

    record Unit(double value, double missing, List<double[]> curve) {
    }

    @Test
    void aUnitIsComputedOnceAndReadBackExactlyByARunOfTheSameSpec() {
        AtomicInteger computed = new AtomicInteger();
        Map<String, Object> spec = Map.of("n", 3, "seed", 7);
        double third = 1.0 / 3;
        Checkpoints first = Checkpoints.open(out, "demo", spec, false);
        Unit u = first.unit("unit 0", Unit.class, () -> {
            computed.incrementAndGet();
            return new Unit(third, Double.NaN, List.of(new double[] {1, Math.PI}));
        });
        assertEquals(third, u.value());
        // the run is interrupted here; a new run of the same experiment and spec resumes
        Checkpoints again = Checkpoints.open(out, "demo", spec, false);
        Unit back = again.unit("unit 0", Unit.class, () -> {
            computed.incrementAndGet();
            return null;
        });
        assertEquals(1, computed.get(), "not recomputed");
        assertEquals(1, again.resumed());
        assertEquals(Double.doubleToRawLongBits(third), Double.doubleToRawLongBits(back.value()), "the same bits");
        assertTrue(Double.isNaN(back.missing()));
        assertEquals(Math.PI, back.curve().get(0)[1], 0);
        // another spec may not silently take them over
        assertThrows(UserError.class, () -> Checkpoints.open(out, "demo", Map.of("n", 4, "seed", 7), false));
        Checkpoints other = Checkpoints.open(out, "demo", Map.of("n", 4, "seed", 7), true);
        assertEquals(2.0, other.unit("unit 0", Double.class, () -> 2.0), "--force discards them");
        other.finish();
        assertFalse(Files.exists(out.resolve(Checkpoints.FOLDER)));
    }

    @Test
    void theRunsIdentityDoesNotDependOnKeyOrder() throws Exception {
        // written by another JVM, whose Map.of iterated in another order (it is salted per JVM): still the same run
        Files.createDirectories(out.resolve(Checkpoints.FOLDER));
        Files.writeString(out.resolve(Checkpoints.FOLDER).resolve("run.json"), "{\"spec\":{\"seed\":7,\"n\":3},\"experiment\":\"demo\"}");
        Checkpoints c = Checkpoints.open(out, "demo", Map.of("n", 3, "seed", 7), false);
        assertEquals(0, c.resumed());
        assertThrows(UserError.class, () -> Checkpoints.open(out, "demo", Map.of("n", 3, "seed", 8), false), "a changed value is another run");
        Files.writeString(out.resolve(Checkpoints.FOLDER).resolve("run.json"), "{not json");
        assertThrows(UserError.class, () -> Checkpoints.open(out, "demo", Map.of("n", 3, "seed", 7), false), "an unreadable identity");
    }

    @Test
    void anInterruptedExperimentResumesFromItsCheckpoints() throws Exception {
        Memorisation e = new Memorisation();
        Memorisation.Spec s = SpecReader.parse(SpecReader.resource(e.quickSpecResource()), Memorisation.Spec.class, "quick");
        // what an interrupted run left: its identity and one finished training, with a final MSE no training gives
        Object recorded = SpecReader.YAML.convertValue(s, Map.class);
        Checkpoints left = Checkpoints.open(out, e.name(), recorded, false);
        Memorisation.Job firstJob = new Memorisation.Job(s.n(s.nI().get(0)), s.d(s.dI().get(0)), 0);
        left.unit("memorisation " + firstJob, Memorisation.Outcome.class, () -> new Memorisation.Outcome(7, 1.0, 0.123456789, 0.5));
        assertEquals(0, ExperimentRunner.run(e, null, true, out, false, List.of("test")));
        List<String> rows = Files.readAllLines(out.resolve("memorisation.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(rows.get(1).contains("0.123456789"), "the first training came from its checkpoint: " + rows.get(1));
        assertTrue(Files.readString(out.resolve("meta.json")).contains("\"resumed_units\" : 1"));
        assertFalse(Files.exists(out.resolve(Checkpoints.FOLDER)), "removed once the run is complete");
    }

    @Test
    void aStartThatFailsBeforeAnyUnitLeavesNoCheckpointFolder() {
        Checkpoints c = Checkpoints.open(out, "demo", Map.of("n", 1), false);
        c.discardIfEmpty();
        assertFalse(Files.exists(out.resolve(Checkpoints.FOLDER)), "only the identity: removed");
        Checkpoints d = Checkpoints.open(out, "demo", Map.of("n", 1), false);
        d.unit("u", Double.class, () -> 1.0);
        d.discardIfEmpty();
        assertTrue(Files.exists(out.resolve(Checkpoints.FOLDER)), "a finished unit is kept for the resume");
    }
}
