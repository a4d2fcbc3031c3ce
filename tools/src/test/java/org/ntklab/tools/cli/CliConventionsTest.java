package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.ntklab.tools.cli.Main;

/**
 * The command line's conventions (issue 22): every command listed in {@code ntk --help} and
 * answered by {@code ntk help CMD}; suggestions for a mistyped command or option; exit 2 when no
 * command is given, at any level; no colour codes off a terminal; a completion script that bash
 * loads and that completes commands and options.
 */
class CliConventionsTest {

    @Test
    void everyCommandIsListedAndHasHelp() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.status());
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(help.out().contains("\n  " + name + " "), name + " missing from ntk --help:\n" + help.out());
            CliRun one = CliRun.of("help", name);
            assertEquals(0, one.status(), name + ": " + one.err());
            assertTrue(name.equals("help") || one.out().startsWith("Usage: ntk " + name), name + ": " + one.out());
        }
        for (String launcherOnly : new String[] {"test", "build", "bench", "java-home", "toolchains", "completion"}) {
            assertTrue(Main.commandLine().getSubcommands().containsKey(launcherOnly), launcherOnly);
        }
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestionOnOneLine() {
        CliRun command = CliRun.of("gramm");
        assertEquals(2, command.status());
        assertTrue(command.err().contains("did you mean 'gram'"), command.err());
        assertEquals(1, command.err().strip().lines().count(), command.err());
        CliRun option = CliRun.of("train", "--widht", "8");
        assertEquals(2, option.status());
        assertTrue(option.err().contains("'--widths'"), option.err());
        assertEquals(1, option.err().strip().lines().count(), option.err());
        CliRun nothingClose = CliRun.of("zzzzzzzz");
        assertFalse(nothingClose.err().contains("did you mean"), nothingClose.err());
    }

    /**
     * Options that exclude or need each other are picocli argument groups, so the refusal is
     * picocli's one line, exit 2, before anything runs; and experiment's --json gives one object
     * per result with every verdict.
     */
    @Test
    void argumentGroupsRefuseAndExperimentsAnswerInJson(@TempDir Path dir) throws Exception {
        String[][] refused = {
            {"experiment", "edr", "--spec", "s.yaml", "--quick"},
            {"train", "--data", "x.npy", "--labels", "y.npy", "--test-labels", "y.npy", "--widths", "8", "--time", "1", "--record", "m.csv"},
            {"kgf", "--data", "x.npy", "--labels", "y.npy", "--test-labels", "y.npy", "--times", "1", "--out", "r.csv"},
            {"gram", "--data", "x.npy", "--diag", "--test", "z.npy", "--out", "k.npy"},
        };
        String[] said = {"--spec=FILE, --quick are mutually exclusive", "Missing required argument(s): --test=Xt",
            "Missing required argument(s): --test=", "are mutually exclusive"};
        for (int c = 0; c < refused.length; c++) {
            CliRun r = CliRun.of(refused[c]);
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(said[c]), said[c] + " not in " + r.err());
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        CliRun list = CliRun.of("experiment", "list", "--json");
        assertEquals(0, list.status(), list.err());
        assertEquals(org.ntklab.tools.experiment.Experiments.all().size(), json.readTree(list.out()).get("experiments").size());
        Path out = dir.resolve("edr");
        CliRun run = CliRun.of("experiment", "edr", "--quick", "--json", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.out().strip().lines().count(), run.out());
        com.fasterxml.jackson.databind.JsonNode result = json.readTree(run.out());
        assertEquals("edr", result.get("experiment").asText());
        assertEquals(out.resolve("meta.json").toAbsolutePath().toString(), result.get("meta").asText());
        com.fasterxml.jackson.databind.JsonNode written = json.readTree(out.resolve("verdict.json").toFile()).get("verdicts");
        assertEquals(written, result.get("verdicts"), "the verdicts as verdict.json has them");
    }

    @Test
    void noCommandIsAUserErrorAtEveryLevel() {
        for (String[] args : new String[][] {{}, {"sweep"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.err().contains("Usage: ntk"), r.err());
            assertEquals("", r.out(), "the usage goes to stderr, stdout stays for results");
        }
    }

    @Test
    void launcherCommandsReachedInsideTheJvmSayToUseTheLauncher() {
        CliRun r = CliRun.of("bench", "--suite", "blas");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("./ntk bench"), r.err());
    }

    @Test
    void noColourCodesOffATerminal() {
        CliRun r = CliRun.of("gram", "--help");
        assertFalse(r.out().contains("\u001b["), "escape codes in help written to a pipe");
        assertFalse(CliRun.of("gram").err().contains("\u001b["));
    }

    @Test
    void theCompletionScriptLoadsInBashAndCompletes(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("completion");
        assertEquals(0, r.status(), r.err());
        Path script = Files.writeString(dir.resolve("ntk-completion.bash"), r.out());
        // complete "ntk gr" and "ntk train --wid" as bash would, through the function the script registers
        String probe = "source '" + script + "'\n"
                + "f=$(complete -p ntk | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
                + "COMP_WORDS=(ntk gr); COMP_CWORD=1; COMP_LINE='ntk gr'; COMP_POINT=${#COMP_LINE}; $f; echo \"1:${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(ntk train --wid); COMP_CWORD=2; COMP_LINE='ntk train --wid'; COMP_POINT=${#COMP_LINE}; $f; echo \"2:${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("1:gram"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("2:") && l.contains("--widths")), out);
    }

    @Test
    void theHandlerSuggestsOnlyForUnmatchedArguments() {
        CommandLine cl = Main.commandLine();
        assertEquals("", Main.suggestions(new CommandLine.ParameterException(cl, "x")));
    }

    @Test
    void wordChoicesAreCheckedByPicocliAndNamedAsTyped() {
        CliRun r = CliRun.of("eig", "--gram", "k.npy", "--which", "middle");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("expected one of [min, max, all]"), r.err());
        CliRun m = CliRun.of("eig", "--gram", "k.npy", "--which", "min", "--method", "sparse");
        assertTrue(m.err().contains("[dense, matrix-free]"), m.err());
        assertEquals(1, m.err().strip().lines().count(), m.err());
    }
}
