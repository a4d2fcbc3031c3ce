package org.ntklab.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntklab.tools.UserError;
import org.ntklab.tools.experiment.Experiment;
import org.ntklab.tools.experiment.ExperimentRunner;
import org.ntklab.tools.experiment.Experiments;
import org.ntklab.tools.experiment.SpecReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntk experiment}: runs, lists and explains the theorem experiments. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a theorem experiment: `ntk experiment NAME [--spec FILE] [--quick] [--out DIR]`.",
            "`ntk experiment list` lists them; `ntk experiment spec NAME` prints the default spec (YAML) to copy and edit.",
            "`ntk experiment rerun DIR/meta.json [--out DIR2]` repeats a recorded run from its meta.json alone.",
            "`ntk experiment compare [--results DIR]` writes DIR/paper-comparison.csv and DIR/summary.md: the papers' numbers beside ours.",
            "Outputs (CSV, meta.json, PNG/SVG plots, summary.md) go to results/NAME/ or --out."})
public final class ExperimentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME|list|spec|rerun|compare", description = "An experiment, or list, spec, rerun or compare.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EXPERIMENT", description = "With spec: the experiment whose default spec to print; with rerun: a run's meta.json.")
    String second;

    @ArgGroup(exclusive = true)
    SpecChoice specChoice;

    /** Which spec to run: a file or the built-in quick one (picocli refuses both at once). */
    static final class SpecChoice {
        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "A YAML/JSON spec (default: the built-in one).")
        Path file;

        @Option(names = "--quick", required = true, description = "The built-in quick variant (about a minute).")
        boolean quick;
    }

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder: new, empty or an earlier run's (default: out/NAME in the "
            + "working folder; out/NAME-quick with --quick, out/NAME-rerun for rerun). Reference runs go to results/NAME.")
    Path out;

    @Option(names = "--results", paramLabel = "DIR", description = "With compare: the results folder to tabulate (default: results).")
    Path results;

    @Option(names = "--data", paramLabel = "NAME=DIR", description = "Read data set NAME (mnist, fashion-mnist, cifar-10) from the "
            + "folder DIR instead of the installed copy; CIFAR-10 (the binary data_batch_*.bin files) is only read this way. Repeatable.")
    java.util.Map<String, Path> data = new java.util.LinkedHashMap<>();

    @Option(names = "--force", description = "Replace the outputs of an earlier run in the output folder.")
    boolean force;

    /** Where folder outputs go without --out, for every command that writes one: out/ in the working folder. */
    static final Path DEFAULT_ROOT = Path.of("out");

    @Mixin
    JsonOutput jsonOutput;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** The sentence, or with --json one object: the folder, meta.json, the file count and every verdict. */
    private ExperimentRunner.Report report() {
        if (!jsonOutput.json) {
            return ExperimentRunner.SENTENCE;
        }
        return o -> {
            java.util.Map<String, Object> fields = JsonOutput.result("experiment", o.out(), o.meta());
            fields.put("experiment", o.experiment());
            fields.put("files", o.files());
            fields.put("verdicts", o.verdicts().stream().map(org.ntklab.stats.Verdict::fields).toList());
            jsonOutput.print("", fields);
        };
    }

    @Override
    public Integer call() throws Exception {
        Path spec = specChoice == null ? null : specChoice.file;
        boolean quick = specChoice != null && specChoice.quick;
        data.forEach((set, dir) -> org.ntklab.tools.data.Datasets.parse(set).supply(dir));
        switch (name.toLowerCase(Locale.ROOT)) {
            case "list" -> {
                StringBuilder human = new StringBuilder();
                java.util.List<java.util.Map<String, Object>> all = new java.util.ArrayList<>();
                for (Experiment<?> e : Experiments.all()) {
                    human.append(String.format(Locale.ROOT, "%-22s %s%n", e.name(), e.description()));
                    all.add(java.util.Map.of("name", e.name(), "description", e.description()));
                }
                jsonOutput.print(human.toString(), new java.util.LinkedHashMap<>(java.util.Map.of("experiments", all)));
                return 0;
            }
            case "spec" -> {
                if (second == null) {
                    throw new UserError("which experiment's spec? e.g. ntk experiment spec init-generalization");
                }
                Experiment<?> e = Experiments.named(second);
                System.out.print(SpecReader.resource(quick ? e.quickSpecResource() : e.defaultSpecResource()));
                return 0;
            }
            case "compare" -> {
                if (second != null || spec != null || quick || out != null) {
                    throw new UserError("compare takes only --results DIR (default: results)");
                }
                Path dir = results != null ? results : Path.of(System.getProperty("ntk.home", ".")).resolve("results");
                var rows = org.ntklab.tools.experiment.PaperComparison.write(dir);
                long yes = rows.stream().filter(r -> r.agrees().equals("yes")).count();
                long no = rows.stream().filter(r -> r.agrees().equals("no")).count();
                java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
                fields.put("command", "experiment compare");
                fields.put("rows", rows.size());
                fields.put("agree", yes);
                fields.put("disagree", no);
                fields.put("need_data", rows.size() - yes - no);
                fields.put("csv", dir.resolve("paper-comparison.csv").toAbsolutePath().normalize().toString());
                fields.put("summary", dir.resolve("summary.md").toAbsolutePath().normalize().toString());
                jsonOutput.print(String.format(Locale.ROOT, "%d rows (%d agree, %d do not, %d need data): %s, %s%n", rows.size(), yes, no,
                        rows.size() - yes - no, dir.resolve("paper-comparison.csv"), dir.resolve("summary.md")), fields);
                return 0;
            }
            case "rerun" -> {
                if (second == null) {
                    throw new UserError("which run? e.g. ntk experiment rerun results/edr/meta.json --out /tmp/edr-again");
                }
                if (spec != null || quick) {
                    throw new UserError("rerun takes the spec from meta.json: --spec and --quick do not apply");
                }
                Path meta = Path.of(second);
                Experiment<?> e = ExperimentRunner.recordedExperiment(meta);
                Path dir = out != null ? out : DEFAULT_ROOT.resolve(e.name() + "-rerun");
                return ExperimentRunner.rerun(e, meta, dir, force, command.commandLine().getParseResult().originalArgs(), report());
            }
            default -> {
                if (second != null) {
                    throw new UserError("unexpected argument '" + second + "'");
                }
                Experiment<?> e = Experiments.named(name);
                if (spec != null && !Files.isRegularFile(spec)) {
                    throw new UserError("spec file not found: " + spec);
                }
                Path dir = out != null ? out : DEFAULT_ROOT.resolve(quick ? e.name() + "-quick" : e.name());
                return ExperimentRunner.run(e, spec, quick, dir, force, command.commandLine().getParseResult().originalArgs(), report());
            }
        }
    }
}
