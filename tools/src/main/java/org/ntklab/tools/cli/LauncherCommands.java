package org.ntklab.tools.cli;

import java.util.concurrent.Callable;
import org.ntklab.tools.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The commands the {@code ./ntk} launcher script runs itself, before any JVM (they run Maven, the
 * benchmark jar, or only look for a JDK). They are declared here too, so that {@code ntk --help}
 * lists every command and {@code ntk help bench} answers; reached inside the JVM (the jar run
 * directly), they say to go through the launcher.
 */
public final class LauncherCommands {

    private LauncherCommands() {
    }

    /** The shared body: the command belongs to the launcher. */
    abstract static class ViaLauncher implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Unmatched
        java.util.List<String> rest;

        @Override
        public Integer call() {
            throw new UserError("'" + command.name() + "' is run by the ./ntk launcher script, not by the jar: run ./ntk " + command.name());
        }
    }

    /** {@code ntk test}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run the whole test suite with Maven (core on pure Java and on OpenBLAS, then native, tools, bench).",
                "--java: everything on the pure-Java backend only. Other arguments go to Maven (e.g. -Dtest=GramCommandTest -pl tools)."})
    public static final class Test extends ViaLauncher {
    }

    /** {@code ntk build}. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Rebuild the jars with Maven, showing its output (other commands rebuild by themselves when the sources change).")
    public static final class Build extends ViaLauncher {
    }

    /** {@code ntk bench}. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"JMH benchmarks with their numpy/scipy baselines measured in the same run; tables into results/bench/.",
                "Suites: blas, kernel, empirical, train, eigen, sweep, cli (--suite S, --quick, --param n=256,1024).",
                "./ntk bench --help lists every option of the benchmark program."})
    public static final class Bench extends ViaLauncher {
    }

    /** {@code ntk java-home}. */
    @Command(name = "java-home", mixinStandardHelpOptions = true,
            description = "Print the JDK (25 or newer) the launcher found, e.g. for JAVA_HOME=$(./ntk java-home) mvn ...")
    public static final class JavaHome extends ViaLauncher {
    }

    /** {@code ntk toolchains}. */
    @Command(name = "toolchains", mixinStandardHelpOptions = true,
            description = "Print a Maven toolchains.xml naming the JDK the launcher found (see docs/library.md).")
    public static final class Toolchains extends ViaLauncher {
    }
}
