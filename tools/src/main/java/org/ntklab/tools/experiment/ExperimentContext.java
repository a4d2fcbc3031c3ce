package org.ntklab.tools.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.ntklab.stats.Verdict;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.output.TerminalProgress;

/**
 * Where an experiment writes: its output folder, its run record (spec, seeds, versions, commit,
 * wall time), a progress bar, and helpers that write CSV tables, PNG and SVG plots and the
 * markdown summary atomically.
 */
public final class ExperimentContext implements AutoCloseable {

    private final Path out;
    private final RunRecord record;
    private final TerminalProgress progress;
    private final List<Path> written = new ArrayList<>();
    private List<Verdict> verdicts;
    private Checkpoints checkpoints;
    private long done;
    private long total;

    ExperimentContext(Path out, RunRecord record, String name) {
        this.out = out;
        this.record = record;
        this.progress = new TerminalProgress(name);
    }

    /** Makes the run's units resumable through {@code c} (the runner does this). */
    void checkpoints(Checkpoints c) {
        this.checkpoints = c;
    }

    /**
     * One resumable unit of work (an evaluation, a training): its result read from the checkpoint an interrupted run of
     * the same spec left in the output folder, or computed now and checkpointed. {@code key} must name the unit
     * uniquely within the run; {@code type} must be Jackson-readable (records of numbers, strings and lists are).
     */
    public <T> T unit(String key, Class<T> type, java.util.function.Supplier<T> compute) {
        return checkpoints == null ? compute.get() : checkpoints.unit(key, type, compute);
    }

    /** The output folder. */
    public Path out() {
        return out;
    }

    /** The run record (add measured facts to it; it becomes meta.json). */
    public RunRecord record() {
        return record;
    }

    /** Announces {@code units} more units of work (for the progress bar's ETA). */
    public synchronized void plan(long units) {
        total += units;
        progress.progress(done, total);
    }

    /** One unit of work finished. */
    public synchronized void step() {
        done++;
        progress.progress(done, total);
    }

    /** Writes {@code NAME.csv} (its provenance is the folder's meta.json). */
    public Path csv(String name, CsvTable table) {
        Path f = out.resolve(name + ".csv");
        table.write(f, true);
        written.add(f);
        return f;
    }

    /** Writes {@code NAME.png} and {@code NAME.svg}. */
    public void plot(String name, Chart<?, ?> chart) {
        written.addAll(Plots.save(chart, out, name));
    }

    /** Writes {@code summary.md}. */
    public void summary(String markdown) {
        Path f = out.resolve("summary.md");
        AtomicFiles.write(f, true, o -> o.write(markdown.getBytes(StandardCharsets.UTF_8)));
        written.add(f);
    }

    /**
     * Writes {@code verdict.json}: the headline verdict's fields at the top level (claim,
     * statistic, estimate, ci_low, ci_high, claimed_value, competing_value, relation, level,
     * replicates, method, verdict) and every verdict of the run, headline first, under
     * {@code verdicts}. Each experiment calls this exactly once.
     *
     * @param all the verdicts, headline first (at least one)
     */
    public void verdicts(List<Verdict> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one verdict");
        }
        verdicts = List.copyOf(all);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", record.fields().get("experiment"));
        doc.putAll(all.get(0).fields());
        doc.put("verdicts", all.stream().map(Verdict::fields).toList());
        Path f = out.resolve("verdict.json");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(f, true, o -> json.writeValue(o, doc));
        written.add(f);
        record.put("verdict", all.get(0).outcome().word());
    }

    /** The verdicts written, or null if none yet. */
    public List<Verdict> verdicts() {
        return verdicts;
    }

    /** Everything written so far. */
    public List<Path> written() {
        return written;
    }

    @Override
    public void close() {
        progress.close();
    }
}
