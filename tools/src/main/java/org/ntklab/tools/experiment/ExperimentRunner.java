package org.ntklab.tools.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.RunRecord;

/** Reads and validates the spec, prepares the output folder, runs the experiment and records it. */
public final class ExperimentRunner {

    private ExperimentRunner() {
    }

    /** Runs {@code e}; returns the exit status. */
    public static <S extends ExperimentSpec> int run(Experiment<S> e, Path specFile, boolean quick, Path out, boolean force,
                                                     List<String> args) throws Exception {
        String source = specFile != null ? specFile.toString() : (quick ? e.quickSpecResource() : e.defaultSpecResource());
        S spec = specFile != null ? SpecReader.read(specFile, e.specType())
                : SpecReader.parse(SpecReader.resource(source), e.specType(), source);
        if (Files.exists(out.resolve("meta.json")) && !force) {
            throw new UserError("output folder " + out + " already holds a run (meta.json); use --force to replace it or --out");
        }
        AtomicFiles.ensureFolder(out);
        RunRecord record = new RunRecord("experiment " + e.name(), args);
        record.put("experiment", e.name()).put("spec_source", source).put("spec", SpecReader.YAML.convertValue(spec, java.util.Map.class));
        try (ExperimentContext ctx = new ExperimentContext(out, record, e.name())) {
            e.run(spec, ctx);
            Path meta = record.writeMeta(out.resolve("meta.json"), true);
            System.out.printf(Locale.ROOT, "%s: %d files in %s (%s)%n", e.name(), ctx.written().size() + 1, out.toAbsolutePath(),
                    meta.getFileName());
        }
        return 0;
    }
}
