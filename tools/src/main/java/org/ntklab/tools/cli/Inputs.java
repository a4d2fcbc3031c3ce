package org.ntklab.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Records every input file of a command in its run record ({@link RunRecord#input}): each matched
 * option of type {@link Path} other than the outputs. Taken from picocli's model, so that a new
 * input option is recorded without anyone remembering to.
 */
final class Inputs {

    /** The options that name outputs, not inputs. */
    static final Set<String> OUTPUTS = Set.of("--out", "--record", "--vectors");

    private Inputs() {
    }

    static void record(RunRecord record, CommandSpec command) {
        for (OptionSpec o : command.commandLine().getParseResult().matchedOptions()) {
            if (o.type() == Path.class && !OUTPUTS.contains(o.longestName())) {
                Path p = o.getValue();
                if (p != null && Files.isRegularFile(p)) {
                    record.input(o.longestName(), p);
                }
            }
        }
    }
}
