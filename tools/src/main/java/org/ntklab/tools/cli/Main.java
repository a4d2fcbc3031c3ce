package org.ntklab.tools.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.tools.output.Environment;
import org.ntklab.tools.output.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code ntk} command line: one subcommand per job. */
@Command(name = "ntk", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Neural Tangent Kernel simulation: kernels, networks, training, spectra, experiments.",
        subcommands = {InfoCommand.class, DemoCommand.class, GramCommand.class, EmpiricalCommand.class, TrainCommand.class,
            KgfCommand.class, EigCommand.class, SmoothnessCommand.class, RerunCommand.class, ExperimentCommand.class, SweepCommand.class, DataCommand.class,
            LauncherCommands.Test.class, LauncherCommands.Build.class, LauncherCommands.Bench.class, LauncherCommands.JavaHome.class,
            LauncherCommands.Toolchains.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Commands whose work runs on the pure-Java engine only (the analytic Gram's tiles). */
    private static final java.util.Set<String> JAVA_ENGINE_COMMANDS = java.util.Set.of("gram");

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "T",
            description = "Worker threads for everything (default: all processors, or -D" + ThreadBudget.PROPERTY + ").")
    void threads(int t) {
        if (t < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--threads must be at least 1, got " + t);
        }
        try {
            ThreadBudget.setThreads(t);
        } catch (IllegalArgumentException e) {
            // thrown from an option setter, it would reach the user wrapped in picocli's reflection text
            throw new CommandLine.ParameterException(new CommandLine(this), "--threads: " + e.getMessage());
        }
    }

    @Option(names = "--blas", scope = ScopeType.INHERIT, paramLabel = "auto|native|java",
            description = "BLAS/LAPACK backend (default auto: bundled OpenBLAS, else pure Java).")
    void blas(String choice) {
        if (!java.util.List.of("auto", "native", "java").contains(choice)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--blas must be auto, native or java, got '" + choice + "'");
        }
        System.setProperty(Backends.PROPERTY, choice);
    }

    @Spec
    CommandSpec command;

    /** {@code ntk} alone: the usage on stderr and exit 2, as for any missing argument (git, too, exits non-zero). */
    @Override
    public Integer call() {
        command.commandLine().getErr().println("ntk: a command is needed");
        command.commandLine().usage(command.commandLine().getErr());
        return 2;
    }

    /** Entry point: exits with 0 on success, 2 on a user error, 1 on an internal error. */
    public static void main(String[] args) {
        if (args.length > 0 && JAVA_ENGINE_COMMANDS.contains(args[0]) && System.getProperty(Backends.PROPERTY) == null) {
            // these commands compute on the pure-Java engine whatever the choice (see GramCommand), so
            // loading OpenBLAS would only cost start-up time (0.3–0.8 s measured) and record a backend
            // that did no work; --blas still overrides
            System.setProperty(Backends.PROPERTY, "java");
        }
        Environment.prefetchGitCommit();
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (used by tests). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only exceptions to the handler; an Error would end the JVM with a stack trace
            return Errors.report(e, cl.getErr());
        }
    }

    /** The configured command line with the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --which MIN as --which min
        // colour only for a terminal, and never with NO_COLOR (no-color.org): escape codes in logs and pipes are noise
        boolean colour = Terminal.stdout() && System.getenv("NO_COLOR") == null;
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            CommandLine.ParameterException shown = ex;
            List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
            if (!(ex instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
                // picocli checks required options first: a mistyped one would show as missing, not as the typo it is
                shown = new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), unmatched);
            }
            err.println("ntk: " + spellChoices(shown.getMessage()) + suggestions(shown) + " (see 'ntk " + subcommandName(ex.getCommandLine())
                    + "--help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Errors.report(ex, cmd.getErr()));
        return cl;
    }

    private static final java.util.regex.Pattern CHOICES = java.util.regex.Pattern.compile("expected one of \\[([^]]*)]");

    /** picocli names enum choices by their constants too (MATRIX_FREE); the user types their spelling (matrix-free). */
    static String spellChoices(String message) {
        message = message.replaceFirst("^Error: ", ""); // argument groups' messages open with it; ours already say ntk:
        java.util.regex.Matcher m = CHOICES.matcher(message);
        if (!m.find()) {
            return message;
        }
        String words = java.util.Arrays.stream(m.group(1).split(",\\s*")).map(w -> w.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .distinct().collect(java.util.stream.Collectors.joining(", "));
        return message.substring(0, m.start(1)) + words + message.substring(m.end(1));
    }

    /** "; did you mean 'gram'?" for a mistyped command or option, from picocli's edit-distance candidates. */
    static String suggestions(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        List<String> s = u.getSuggestions().stream().limit(3).map(c -> "'" + c + "'").toList();
        return s.isEmpty() ? "" : "; did you mean " + String.join(" or ", s) + "?";
    }

    private static String subcommandName(CommandLine cl) {
        String name = cl.getCommandName();
        return "ntk".equals(name) ? "" : name + " ";
    }

    /** Prints the project version and where it runs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ntk " + Environment.ntkVersion() + " (commit " + Environment.gitCommit() + ")"};
        }
    }
}
