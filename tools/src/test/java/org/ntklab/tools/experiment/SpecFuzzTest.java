package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.tools.MutationFuzzTest;
import org.ntklab.tools.UserError;

/**
 * Random byte-level mutations of every experiment's quick spec: the strict reader accepts a spec
 * (which then passed its own validation) or refuses it with one line naming the problem — never
 * another exception.
 */
class SpecFuzzTest {

    @Test
    void mutatedSpecsAreReadOrRefusedInOneLine() {
        for (Experiment<?> e : Experiments.all()) {
            String valid = SpecReader.resource(e.quickSpecResource());
            SplittableRandom r = new SplittableRandom(e.name().hashCode());
            for (int k = 0; k < 300; k++) {
                String text = new String(MutationFuzzTest.mutate(valid.getBytes(StandardCharsets.UTF_8), r), StandardCharsets.UTF_8);
                try {
                    SpecReader.parse(text, e.specType(), "spec.yaml");
                } catch (UserError u) {
                    assertTrue(u.getMessage().lines().count() == 1, e.name() + " #" + k + ": " + u.getMessage());
                } catch (Throwable t) {
                    fail(e.name() + " #" + k + ": " + t + "\n--- spec:\n" + text, t);
                }
            }
        }
    }
}
