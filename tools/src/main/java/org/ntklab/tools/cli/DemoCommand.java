package org.ntklab.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ntklab.tools.experiment.Experiment;
import org.ntklab.tools.experiment.ExperimentRunner;
import org.ntklab.tools.experiment.Experiments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ntk demo}: a short run of the most telling experiment, init-generalization (standard vs
 * mirrored initialisation, networks and kernel predictors), on its quick spec; prints the summary
 * and where the outputs went.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a short init-generalization experiment (its quick spec) and say where the outputs went.")
public final class DemoCommand implements Callable<Integer> {

    /** The experiment the demo shows. */
    static final String EXPERIMENT = "init-generalization";

    @Option(names = "--out", description = "Output folder (default ${DEFAULT-VALUE} in the working folder); the demo replaces its own previous outputs.",
            defaultValue = "out/demo")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Experiment<?> e = Experiments.named(EXPERIMENT);
        int status = ExperimentRunner.run(e, null, true, out, true, command.commandLine().getParseResult().originalArgs());
        System.out.println();
        System.out.print(Files.readString(out.resolve("summary.md")));
        return status;
    }
}
