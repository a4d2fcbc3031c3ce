package org.ntklab.tools.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;

/**
 * The table of the papers' numbers beside ours: {@code paper-comparison.csv} and the prose
 * {@code summary.md} at the top of a results folder. Which numbers the papers print or plot, their
 * sources, and where each of ours is found in a run's {@code verdict.json} or {@code meta.json} are
 * listed in the resource {@code paper/values.yaml}; the numbers themselves are read from the runs,
 * never typed in. A row whose measurement is absent (no run, or the data set was not supplied) is
 * {@code needs-data}.
 */
public final class PaperComparison {

    /** The resource listing the rows. */
    static final String VALUES = "/paper/values.yaml";

    /**
     * One row of the table as listed in {@code values.yaml}.
     *
     * @param experiment the experiment (its folder under results/)
     * @param quantity   what is compared, a short identifier
     * @param setting    the grid point or data set
     * @param paper      the paper's number (null: the paper states no number for it)
     * @param source     where the paper's number is taken from (section, table, figure, or the authors' code)
     * @param verdict    ours is the verdict of verdict.json whose statistic contains this text (or null)
     * @param claimed    with {@code verdict}: only a verdict whose claimed value is this (two claims on one statistic), or null
     * @param json       ours is the object at {@code FILE#/json/pointer} in the run folder, with fields estimate, ci_low, ci_high (or null)
     * @param agreeBy    {@code interval}: agrees when the paper's number lies in our interval; {@code verdict}: agrees unless
     *                   the verdict contradicts the claim (the paper's number is then the theorem's claimed value or bound)
     * @param whyNot     what the summary says when the row does not agree: the protocol detail or finite-size effect behind it
     */
    public record Entry(String experiment, String quantity, String setting, Double paper, String source, String verdict, Double claimed,
                        String json,
                 @JsonProperty("agree_by") String agreeBy, @JsonProperty("why_not") String whyNot) {
    }

    /**
     * A computed row.
     *
     * @param entry   its listing
     * @param ours    our estimate (NaN when absent)
     * @param low     lower end of its 95 % interval
     * @param high    upper end
     * @param agrees  yes, no or needs-data
     * @param outcome the verdict word when ours came from a verdict (else empty)
     */
    public record Row(Entry entry, double ours, double low, double high, String agrees, String outcome) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PaperComparison() {
    }

    /** The listed rows, in order. */
    static List<Entry> entries() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try {
            List<Entry> list = List.of(yaml.readValue(SpecReader.resource(VALUES), Entry[].class));
            for (Entry e : list) {
                if (e.experiment() == null || e.quantity() == null || e.setting() == null || e.source() == null
                        || (e.verdict() == null) == (e.json() == null) || !List.of("interval", "verdict").contains(e.agreeBy())) {
                    throw new IllegalStateException(VALUES + ": incomplete row " + e);
                }
            }
            return list;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The paper's number listed for (experiment, quantity, setting), or null when none is listed. */
    static Double paper(String experiment, String quantity, String setting) {
        return entries().stream().filter(e -> e.experiment().equals(experiment) && e.quantity().equals(quantity) && e.setting().equals(setting))
                .map(Entry::paper).findFirst().orElse(null);
    }

    /** Every listed row computed from the runs in {@code results}. */
    static List<Row> rows(Path results) {
        List<Row> out = new ArrayList<>();
        for (Entry e : entries()) {
            out.add(row(results, e));
        }
        return out;
    }

    static Row row(Path results, Entry e) {
        Path dir = results.resolve(e.experiment());
        JsonNode found;
        String outcome = "";
        if (e.verdict() != null) {
            found = null;
            JsonNode doc = read(dir.resolve("verdict.json"));
            if (doc != null) {
                for (JsonNode v : doc.path("verdicts")) {
                    if (v.path("statistic").asText().contains(e.verdict())
                            && (e.claimed() == null || Math.abs(v.path("claimed_value").asDouble(Double.NaN) - e.claimed()) < 1e-12)) {
                        found = v;
                        outcome = v.path("verdict").asText();
                        break;
                    }
                }
            }
        } else {
            int hash = e.json().indexOf('#');
            JsonNode doc = read(dir.resolve(hash < 0 ? e.json() : e.json().substring(0, hash)));
            found = doc == null ? null : doc.at(hash < 0 ? "" : e.json().substring(hash + 1));
        }
        if (found == null || found.isMissingNode() || !found.path("estimate").isNumber()) {
            return new Row(e, Double.NaN, Double.NaN, Double.NaN, "needs-data", outcome);
        }
        double ours = found.path("estimate").asDouble();
        double low = found.path("ci_low").asDouble(Double.NaN);
        double high = found.path("ci_high").asDouble(Double.NaN);
        String agrees;
        if ("verdict".equals(e.agreeBy())) {
            agrees = outcome.isEmpty() ? "needs-data" : "contradicts".equals(outcome) ? "no" : "yes";
        } else if (e.paper() == null || Double.isNaN(low) || Double.isNaN(high)) {
            agrees = "needs-data";
        } else {
            agrees = e.paper() >= low && e.paper() <= high ? "yes" : "no";
        }
        return new Row(e, ours, low, high, agrees, outcome);
    }

    private static JsonNode read(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException ex) {
            throw new UserError("cannot read " + f + ": " + ex.getMessage());
        }
    }

    /** Writes {@code paper-comparison.csv} and {@code summary.md} into {@code results}; returns the rows. */
    public static List<Row> write(Path results) {
        if (!Files.isDirectory(results)) {
            throw new UserError("no results folder " + results);
        }
        List<Row> rows = rows(results);
        CsvTable csv = new CsvTable("experiment", "quantity", "setting", "paper", "ours", "ci_low", "ci_high", "agrees");
        for (Row r : rows) {
            Entry e = r.entry();
            csv.add(e.experiment(), e.quantity(), e.setting(), e.paper() == null ? "" : num(e.paper()), Double.isNaN(r.ours()) ? "" : num(r.ours()),
                    Double.isNaN(r.low()) ? "" : num(r.low()), Double.isNaN(r.high()) ? "" : num(r.high()), r.agrees());
        }
        csv.write(results.resolve("paper-comparison.csv"), true);
        String md = summary(results, rows);
        AtomicFiles.write(results.resolve("summary.md"), true, o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
        return rows;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The prose table: per experiment, each row with the paper's source and, for a disagreement, why. */
    static String summary(Path results, List<Row> rows) {
        StringBuilder md = new StringBuilder("# Reference results: the papers' numbers beside ours\n\n");
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(r.agrees(), 1, Integer::sum));
        md.append("`paper-comparison.csv` holds one row per number a source paper prints or plots that an experiment here reproduces (")
                .append(rows.size()).append(" rows: ").append(counts.getOrDefault("yes", 0)).append(" agree, ")
                .append(counts.getOrDefault("no", 0)).append(" do not, ").append(counts.getOrDefault("needs-data", 0))
                .append(" need data). It is written by `ntk experiment compare` from the runs in this folder: `ours` and its 95 % ")
                .append("interval are read from each run's verdict.json or meta.json; the papers' numbers, their sources and where to ")
                .append("find ours are listed in `tools/src/main/resources").append(VALUES).append("`. `agrees` is `yes` when the ")
                .append("paper's number lies inside our interval (for a theorem's claim: when our verdict does not contradict it), `no` ")
                .append("otherwise, `needs-data` when there is no measurement (the data set was not supplied, or the run is missing).\n\n");
        String current = null;
        for (Row r : rows) {
            Entry e = r.entry();
            if (!e.experiment().equals(current)) {
                current = e.experiment();
                Path dir = results.resolve(current);
                md.append("\n## ").append(current).append("\n\n");
                JsonNode meta = read(dir.resolve("meta.json"));
                if (meta != null) {
                    md.append("Run: commit `").append(meta.path("git_commit").asText()).append("`, ").append(meta.path("started").asText())
                            .append("; details in [").append(current).append("/summary.md](").append(current).append("/summary.md).\n\n");
                }
            }
            md.append("- **").append(e.quantity()).append("**, ").append(e.setting()).append(": paper ")
                    .append(e.paper() == null ? "— (no number printed)" : num(e.paper())).append(" (").append(e.source()).append("); ours ");
            if (Double.isNaN(r.ours())) {
                md.append("— (no measurement in this folder)");
            } else {
                md.append(num(r.ours())).append(" [").append(num(r.low())).append(", ").append(num(r.high())).append("]");
                if (!r.outcome().isEmpty()) {
                    md.append(", verdict ").append(r.outcome());
                }
            }
            md.append(" → **").append(r.agrees()).append("**.");
            if ("no".equals(r.agrees()) && e.whyNot() != null) {
                md.append(" Why: ").append(e.whyNot().strip());
            }
            md.append("\n");
        }
        return md.toString();
    }
}
