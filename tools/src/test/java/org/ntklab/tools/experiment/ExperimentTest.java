package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.UserError;

/** Every experiment's quick variant runs and writes plausible outputs; bad specs are refused by key. */
class ExperimentTest {

    @TempDir
    Path dir;

    @Test
    void everyQuickVariantProducesItsOutputs() throws Exception {
        for (Experiment<?> e : Experiments.all()) {
            Path out = dir.resolve(e.name());
            assertEquals(0, ExperimentRunner.run(e, null, true, out, false, List.of("--quick")));
            for (String f : new String[] {"meta.json", "summary.md"}) {
                assertTrue(Files.exists(out.resolve(f)), e.name() + ": " + f);
            }
            try (var files = Files.list(out)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".csv")), e.name() + " writes CSV");
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".png")), e.name() + " writes PNG");
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".svg")), e.name() + " writes SVG");
                assertFalse(names.stream().anyMatch(n -> n.contains(".tmp")), "no temporary files");
            }
            JsonNode meta = new ObjectMapper().readTree(out.resolve("meta.json").toFile());
            assertTrue(meta.has("git_commit") && meta.has("spec") && meta.has("wall_seconds"), e.name());
            List<Double> slopes = new ArrayList<>();
            meta.path("fits").forEach(f -> f.fields().forEachRemaining(kv -> {
                if (kv.getKey().startsWith("slope")) {
                    slopes.add(kv.getValue().asDouble());
                }
            }));
            for (double s : slopes) {
                assertTrue(Double.isFinite(s) && s > -5 && s < 5, e.name() + ": implausible fitted value " + s);
            }
        }
    }

    @Test
    void initGeneralizationSlopesArePlausible() throws Exception {
        Path out = dir.resolve("ig");
        ExperimentRunner.run(new InitGeneralization(), null, true, out, false, List.of());
        JsonNode fits = new ObjectMapper().readTree(out.resolve("meta.json").toFile()).path("fits");
        assertTrue(fits.size() >= 2);
        fits.forEach(f -> {
            double s = f.path("slope_best").asDouble();
            assertTrue(s < 0.5 && s > -3, "errors should not grow with n: " + s);
        });
    }

    @Test
    void badSpecsAreRefusedByKeyBeforeAnyWork() {
        String good = SpecReader.resource(new InitGeneralization().quickSpecResource());
        String[][] cases = {
            {good + "\nwidht: 3\n", "unknown key 'widht'"},
            {good.replace("trials: 3", "trials: many"), "trials"},
            {good.replace("n_kernel: [50, 100, 200]", "n_kernel: [50, 100, 2000000]"), "n_kernel"},
            {good.replace("width: 64", "width: 0"), "width"},
            {"dims: [5\n", "dims"},
        };
        for (String[] c : cases) {
            UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                    () -> SpecReader.parse(c[0], InitGeneralization.Spec.class, "spec.yaml"));
            assertTrue(e.getMessage().contains(c[1]), c[1] + " not in: " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
