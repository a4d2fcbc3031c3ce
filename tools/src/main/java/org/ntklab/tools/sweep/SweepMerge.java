package org.ntklab.tools.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;

/**
 * Collects a sweep's successful records into one table ({@code results.csv}: index, id, the
 * resolved parameters, the results, then the wall times) in expansion order, so that the same
 * spec gives the same table however its tasks were scheduled, sharded or restarted; adds the
 * task type's plots and {@code results.meta.json}.
 */
public final class SweepMerge {

    /** The merged table's file name. */
    public static final String RESULTS = "results.csv";

    private SweepMerge() {
    }

    /** Merges the folder's records; returns the status it found (the caller reports missing and failed tasks). */
    public static SweepStatus merge(SweepStore store, List<String> command, List<Path> written) {
        SweepSpec spec = store.spec();
        SweepStatus status = SweepStatus.of(store, spec);
        TaskType<?> type = spec.type();
        Set<String> paramKeys = new LinkedHashSet<>();
        Set<String> timingKeys = new LinkedHashSet<>();
        for (SweepTask t : spec.tasks()) {
            paramKeys.addAll(t.values().keySet());
        }
        for (TaskRecord r : status.ok()) {
            timingKeys.addAll(r.timing().keySet());
        }
        List<String> columns = new ArrayList<>(List.of("index", "id"));
        columns.addAll(paramKeys);
        columns.addAll(type.resultColumns());
        columns.addAll(timingKeys);
        CsvTable table = new CsvTable(columns.toArray(String[]::new));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TaskRecord r : status.ok()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", r.index());
            row.put("id", r.id());
            paramKeys.forEach(k -> row.put(k, r.params().get(k)));
            type.resultColumns().forEach(k -> row.put(k, r.result().get(k)));
            timingKeys.forEach(k -> row.put(k, r.timing().get(k)));
            rows.add(row);
            table.add(columns.stream().map(row::get).toArray());
        }
        RunRecord record = new RunRecord("sweep merge", command);
        record.put("sweep", spec.name()).put("task", type.name()).put("spec", spec.text()).put("tasks", status.tasks().size())
                .put("done", status.ok().size()).put("failed", status.failed().size()).put("missing", status.missing().size());
        // the records' own provenance, summarised: a merged table may combine runs of several machines or commits
        for (String key : List.of("git_commit", "backend", "blas_version", "host", "ntk_version")) {
            record.put("records_" + key, status.ok().stream().map(r -> String.valueOf(r.provenance().get(key))).distinct().sorted().toList());
        }
        frozen(store.dir()).ifPresent(f -> record.put("frozen", f));
        Path csv = store.dir().resolve(RESULTS);
        table.write(csv, true);
        written.add(csv);
        written.addAll(type.plots(rows, store.dir()));
        written.add(record.writeMeta(store.dir().resolve("results.meta.json"), true));
        return status;
    }

    /**
     * The SHA-256 of each file of the sweep's frozen copy and its commit, when SLURM scripts were
     * written for it: the table's metadata then names the exact code its jobs ran.
     */
    private static java.util.Optional<Map<String, Object>> frozen(Path dir) {
        Path file = dir.resolve(FrozenCopy.FOLDER).resolve(FrozenCopy.RECORD);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            Map<String, Object> sums = new LinkedHashMap<>();
            n.path("files").forEach(f -> sums.put(f.path("path").asText(), f.path("sha256").asText()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("git_commit", n.path("git_commit").asText("unknown"));
            m.put("sha256", sums);
            return java.util.Optional.of(m);
        } catch (java.io.IOException e) {
            return java.util.Optional.of(Map.of("error", "unreadable " + FrozenCopy.RECORD + ": " + e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
