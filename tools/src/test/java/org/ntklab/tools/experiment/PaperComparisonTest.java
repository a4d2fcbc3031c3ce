package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper-comparison table on synthetic run folders: agreement by interval, by verdict, and rows without a measurement. */
class PaperComparisonTest {

    @TempDir
    Path results;

    @Test
    void everyListedRowNamesAnExperimentAndASelector() {
        Set<String> names = Experiments.all().stream().map(Experiment::name).collect(Collectors.toSet());
        List<PaperComparison.Entry> entries = PaperComparison.entries();
        assertTrue(entries.size() >= 8, "rows listed: " + entries.size());
        for (PaperComparison.Entry e : entries) {
            assertTrue(names.contains(e.experiment()), "unknown experiment " + e.experiment());
            assertTrue(e.paper() != null || "verdict".equals(e.agreeBy()), "a row agreed by interval needs the paper's number: " + e);
        }
    }

    @Test
    void rowsAreComputedFromTheRunFiles() throws Exception {
        Path lm = Files.createDirectories(results.resolve("lambda-min"));
        // N = 1000: the paper's 129 inside [127, 133]; N = 2000: 103 outside [85, 95]; N = 3000 absent
        Files.writeString(lm.resolve("meta.json"), """
                {"git_commit": "abc", "started": "2026-12-02T00:00:00Z", "lambda_min": {"at_largest_d": {
                  "n1000": {"mean": {"estimate": 130.0, "ci_low": 127.0, "ci_high": 133.0}},
                  "n2000": {"mean": {"estimate": 90.0, "ci_low": 85.0, "ci_high": 95.0}}}}}
                """);
        Files.writeString(lm.resolve("verdict.json"), """
                {"verdicts": [
                  {"statistic": "log-log slope of λ_min in d over d² ≥ 100·N, full NTK, N = 1000", "estimate": 2.6, "ci_low": 2.5,
                   "ci_high": 2.7, "verdict": "contradicts"},
                  {"statistic": "log-log slope of λ_min in d over d² ≥ 100·N, full NTK, N = 2000", "estimate": 2.0, "ci_low": 1.6,
                   "ci_high": 2.4, "verdict": "inconclusive"}]}
                """);
        List<PaperComparison.Row> rows = PaperComparison.write(results);
        Map<String, String> agrees = rows.stream().filter(r -> r.entry().experiment().equals("lambda-min"))
                .collect(Collectors.toMap(r -> r.entry().quantity() + " " + r.entry().setting(), PaperComparison.Row::agrees));
        assertEquals("yes", agrees.get("full_ntk_lambda_min N=1000 d=977"));
        assertEquals("no", agrees.get("full_ntk_lambda_min N=2000 d=977"));
        assertEquals("needs-data", agrees.get("full_ntk_lambda_min N=3000 d=977"));
        assertEquals("no", agrees.get("slope_of_lambda_min_in_d full NTK N=1000 d²≥100N"), "a contradicted claim does not agree");
        assertEquals("yes", agrees.get("slope_of_lambda_min_in_d full NTK N=2000 d²≥100N"), "an inconclusive verdict keeps the claim");
        assertEquals("needs-data", agrees.get("slope_of_lambda_min_in_d full NTK N=3000 d²≥100N"));
        List<String> csv = Files.readAllLines(results.resolve("paper-comparison.csv"));
        assertEquals("experiment,quantity,setting,paper,ours,ci_low,ci_high,agrees", csv.get(0));
        assertTrue(csv.contains("lambda-min,full_ntk_lambda_min,N=1000 d=977,129.000,130.000,127.000,133.000,yes"), csv.toString());
        String md = Files.readString(results.resolve("summary.md"));
        assertTrue(md.contains("## lambda-min") && md.contains("commit `abc`"), md);
        assertTrue(md.contains("→ **no**. Why:"), "a disagreement says why");
    }
}
