package org.ntklab.tools.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ntk completion}: the bash (and zsh) completion script of every command and option, from picocli's model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for ntk: commands, options and their choices.",
            "Load it for this shell with: source <(./ntk completion); or save it to ~/.local/share/bash-completion/completions/ntk."})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("ntk", command.root().commandLine()));
        System.out.flush();
        return 0;
    }
}
