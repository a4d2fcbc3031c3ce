package org.ntklab.tools.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ntklab.stats.Verdict;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.OutputFolder;
import org.ntklab.tools.output.RunRecord;

/** Reads and validates the spec, prepares the output folder, runs the experiment and records it. */
public final class ExperimentRunner {

    private ExperimentRunner() {
    }

    /**
     * What a finished run wrote: its folder, meta.json, the number of files and the verdicts.
     *
     * @param experiment the experiment's name
     * @param out        the output folder
     * @param meta       its meta.json
     * @param files      files written, meta.json included
     * @param verdicts   the claims tested and their outcomes
     */
    public record Outcome(String experiment, Path out, Path meta, int files, List<Verdict> verdicts) {
    }

    /** Tells the user about a finished run. */
    @FunctionalInterface
    public interface Report {
        /** Reports {@code outcome}. */
        void finished(Outcome outcome);
    }

    /** The default report: one sentence on stdout. */
    public static final Report SENTENCE = o -> System.out.printf(Locale.ROOT, "%s: %d files in %s (%s)%n", o.experiment(), o.files(),
            o.out().toAbsolutePath(), o.meta().getFileName());

    /** Runs {@code e}; returns the exit status. */
    public static <S extends ExperimentSpec> int run(Experiment<S> e, Path specFile, boolean quick, Path out, boolean force,
                                                     List<String> args) throws Exception {
        return run(e, specFile, quick, out, force, args, SENTENCE);
    }

    /** Runs {@code e}, telling {@code report} what it wrote; returns the exit status. */
    public static <S extends ExperimentSpec> int run(Experiment<S> e, Path specFile, boolean quick, Path out, boolean force,
                                                     List<String> args, Report report) throws Exception {
        String source = specFile != null ? specFile.toString() : (quick ? e.quickSpecResource() : e.defaultSpecResource());
        S spec = specFile != null ? SpecReader.read(specFile, e.specType())
                : SpecReader.parse(SpecReader.resource(source), e.specType(), source);
        return execute(e, spec, source, out, force, args, report);
    }

    /** The experiment a run's meta.json records. */
    public static Experiment<?> recordedExperiment(Path meta) {
        JsonNode record = recorded(meta);
        JsonNode name = record.path("experiment");
        if (!name.isTextual()) {
            JsonNode command = record.path("command");
            throw new UserError(meta + " is not an experiment run's meta.json ("
                    + (command.isTextual() ? "it records command '" + command.asText() + "'" : "it records no command") + ")");
        }
        return Experiments.named(name.asText());
    }

    /**
     * Repeats the run recorded in {@code meta} (its experiment and spec, nothing else) into
     * {@code out}: the same numbers, whatever the thread count or backend.
     */
    public static <S extends ExperimentSpec> int rerun(Experiment<S> e, Path meta, Path out, boolean force, List<String> args,
                                                       Report report) throws Exception {
        JsonNode spec = recorded(meta).path("spec");
        if (!spec.isObject()) {
            throw new UserError(meta + " records no spec (not a meta.json of ntk experiment?)");
        }
        String source = meta + " (spec)";
        S s = SpecReader.parse(new ObjectMapper().writeValueAsString(spec), e.specType(), source);
        return execute(e, s, source, out, force, args, report);
    }

    private static JsonNode recorded(Path meta) {
        if (!Files.isRegularFile(meta)) {
            throw new UserError("no such file: " + meta);
        }
        try {
            JsonNode record = new ObjectMapper().readTree(meta.toFile());
            return record == null ? MissingNode.getInstance() : record;
        } catch (java.io.IOException ex) {
            throw new UserError(meta + " is not a readable meta.json: " + ex.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static <S extends ExperimentSpec> int execute(Experiment<S> e, S spec, String source, Path out, boolean force,
                                                          List<String> args, Report report) throws Exception {
        // an ntk run's meta.json, or the checkpoints an interrupted run leaves
        OutputFolder.requireOwn(out, "ntk meta.json", d -> OutputFolder.isNtkMeta(d.resolve("meta.json"))
                || Files.isRegularFile(d.resolve(Checkpoints.FOLDER).resolve("run.json")));
        if (Files.exists(out.resolve("meta.json")) && !force) {
            throw new UserError("output folder " + out + " already holds a run (meta.json); use --force to replace it or --out");
        }
        AtomicFiles.ensureFolder(out);
        RunRecord record = new RunRecord("experiment " + e.name(), args);
        record.put("experiment", e.name()).put("spec_source", source).put("spec", SpecReader.YAML.convertValue(spec, java.util.Map.class));
        Checkpoints checkpoints = Checkpoints.open(out, e.name(), record.fields().get("spec"), force);
        try (ExperimentContext ctx = new ExperimentContext(out, record, e.name())) {
            ctx.checkpoints(checkpoints);
            try {
                e.run(spec, ctx);
            } catch (Exception | Error ex) {
                if (ctx.written().isEmpty()) {
                    checkpoints.discardIfEmpty(); // nothing to resume: leave no checkpoint folder behind a refused or failed start
                } // else its run.json keeps marking the folder as ntk's, so that a rerun may replace what was written
                throw ex;
            }
            if (ctx.verdicts() == null) {
                throw new IllegalStateException(e.name() + " wrote no verdict.json");
            }
            if (checkpoints.resumed() > 0) {
                record.put("resumed_units", checkpoints.resumed());
            }
            Path meta = record.writeMeta(out.resolve("meta.json"), true);
            checkpoints.finish();
            report.finished(new Outcome(e.name(), out, meta, ctx.written().size() + 1, ctx.verdicts()));
        }
        return 0;
    }
}
