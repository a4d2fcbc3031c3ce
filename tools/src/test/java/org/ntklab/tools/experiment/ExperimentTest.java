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

    static java.util.stream.Stream<String> experimentNames() {
        return Experiments.all().stream().map(Experiment::name);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("experimentNames")
    void everyQuickVariantProducesItsOutputs(String name) throws Exception {
        {
            Experiment<?> e = Experiments.named(name);
            Path out = dir.resolve(e.name());
            assertEquals(0, ExperimentRunner.run(e, null, true, out, false, List.of("--quick")));
            for (String f : new String[] {"meta.json", "summary.md", "verdict.json"}) {
                assertTrue(Files.exists(out.resolve(f)), e.name() + ": " + f);
            }
            try (var files = Files.list(out)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".csv")), e.name() + " writes CSV");
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".png")), e.name() + " writes PNG");
                assertTrue(names.stream().anyMatch(n -> n.endsWith(".svg")), e.name() + " writes SVG");
                assertFalse(names.stream().anyMatch(n -> n.contains(".tmp")), "no temporary files");
            }
            JsonNode verdict = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
            for (String key : List.of("claim", "statistic", "estimate", "ci_low", "ci_high", "claimed_value", "competing_value",
                    "replicates", "verdict", "verdicts")) {
                assertTrue(verdict.has(key), e.name() + ": verdict.json lacks " + key);
            }
            assertTrue(List.of("supports", "contradicts", "inconclusive").contains(verdict.path("verdict").asText()), e.name());
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

    @Test
    void everyBuiltInSpecReads() {
        for (Experiment<?> e : Experiments.all()) {
            for (String r : List.of(e.defaultSpecResource(), e.quickSpecResource())) {
                SpecReader.parse(SpecReader.resource(r), e.specType(), r);
            }
        }
        SpecReader.parse(SpecReader.resource("/experiments/memorisation-full.yaml"), Memorisation.Spec.class, "full");
        SpecReader.parse(SpecReader.resource("/experiments/init-generalization-full.yaml"), InitGeneralization.Spec.class, "full").validate();
    }

    /** Spec mistakes are reported in the spec's terms, on one line, whole messages checked. */
    @Test
    void specMistakesAreReportedInTheSpecsOwnTerms() {
        String gp = SpecReader.resource(new GpSmoothness().quickSpecResource()); // dims, domain, n, depth, samples, seed
        String hint = " (every key must be present; start from 'ntk experiment spec gp-smoothness')";
        String known = " (known: depth, dims, domain, n, n_check, other_windows, replicates, seed, sphere_check, window)";
        String[][] cases = {
            {gp.replace("seed: 1\n", ""), "missing key 'seed'" + hint},
            {gp.replace("n: 400\n", "").replace("seed: 1\n", ""), "missing keys 'n', 'seed'" + hint},
            // a renamed key is reported as unknown, not as the key it replaced missing
            {gp.replace("depth: 2", "width: 2"), "unknown key 'width'" + known},
            {gp.replace("depth: 2", "depht: 2").replace("seed: 1\n", ""), "unknown key 'depht'" + known},
            {gp.replace("n: 400", "n: many"), "key 'n': expected an integer, got \"many\""},
            {gp.replace("n: 400", "n: 400.5"), "key 'n': expected an integer, got 400.5"},
            {gp.replace("n: 400", "n:"), "key 'n': expected an integer, got nothing"},
            {gp.replace("n: 400", "n: 99999999999"), "key 'n': expected an integer from -2147483648 to 2147483647, got 99999999999"},
            {gp.replace("domain: ball", "domain: 5"), "key 'domain': expected text, got 5"},
            {gp.replace("dims: [2, 5]", "dims: 2"), "key 'dims': expected a list of integers, got 2"},
            {gp.replace("dims: [2, 5]", "dims: [2, five]"), "key 'dims[1]': expected an integer, got \"five\""},
            {gp.replace("dims: [2, 5]", "dims: [2, ~]"), "key 'dims[1]': expected an integer, got nothing"},
            {gp.replace("dims: [2, 5]", "dims: {a: 1}"), "key 'dims': expected a list of integers, got {\"a\":1}"},
            {"- dims\n- n\n", "expected keys with values (key: value, one per line), got [\"dims\",\"n\"]"},
            {"# nothing\n", "empty spec"},
        };
        for (String[] c : cases) {
            assertEquals("spec.yaml: " + c[1], refusal(c[0], GpSmoothness.Spec.class));
        }
        String ig = SpecReader.resource(new InitGeneralization().quickSpecResource());
        assertEquals("spec.yaml: key 'noise': expected a number, got \"loud\"",
                refusal(ig.replace("noise: 0.1", "noise: loud"), InitGeneralization.Spec.class));
        String ds = SpecReader.resource(new DatasetSmoothness().quickSpecResource());
        assertEquals("spec.yaml: key 'sample': expected true or false, got \"maybe\"",
                refusal(ds.replace("sample: true", "sample: maybe"), DatasetSmoothness.Spec.class));
        assertEquals("spec.yaml: key 'datasets': expected a list of text values, got \"mnist\"",
                refusal(ds.replace("datasets: [fashion-mnist, mnist]", "datasets: mnist"), DatasetSmoothness.Spec.class));
    }

    private static String refusal(String text, Class<? extends ExperimentSpec> type) {
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> SpecReader.parse(text, type, "spec.yaml"), text);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void rerunRefusesTheMetaJsonOfOtherCommands() throws Exception {
        Path meta = dir.resolve("results.meta.json");
        new org.ntklab.tools.output.RunRecord("sweep merge", List.of()).writeMeta(meta, false);
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ExperimentRunner.recordedExperiment(meta));
        assertEquals(meta + " is not an experiment run's meta.json (it records command 'sweep merge')", e.getMessage());
        Files.writeString(meta, "[1, 2]");
        e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ExperimentRunner.recordedExperiment(meta));
        assertEquals(meta + " is not an experiment run's meta.json (it records no command)", e.getMessage());
    }
}
