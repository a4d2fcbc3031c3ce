package org.ntklab.tools.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.sweep.SlurmScripts;

/**
 * The progress bar (issue 22): drawn on stderr when stderr is a terminal, whatever stdout is; absent
 * when it is not; its total is the expected work (the steps to the training time), not a cap; and
 * erased before the result line, which stdout gets clean. Run in child JVMs, since whether stderr
 * is a terminal is a property of the process (NTK_TERMINAL stands in for the terminal).
 */
class TerminalProgressTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run train(String terminal, double time, double lr) throws Exception {
        Matrix x = new Matrix(40, 3, new double[120]);
        double[] y = new double[40];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y[i] = Math.sin(x.get(i, 0));
        }
        Path xf = dir.resolve("x.npy");
        Path yf = dir.resolve("y.npy");
        try (var o = java.nio.file.Files.newOutputStream(xf)) {
            org.ntklab.data.Npy.write(x, o);
        }
        try (var o = java.nio.file.Files.newOutputStream(yf)) {
            org.ntklab.data.Npy.write(y, o);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(SlurmScripts.jvmFlags());
        cmd.addAll(List.of("-Xmx1g", "-cp", SlurmScripts.classPath(), "org.ntklab.tools.cli.Main", "train", "--data", xf.toString(), "--labels",
                yf.toString(), "--widths", "128,128", "--time", Double.toString(time), "--lr", Double.toString(lr), "--records", "2",
                "--force", "--record", dir.resolve("m-" + terminal + ".csv").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("CI");
        pb.environment().put("NTK_TERMINAL", terminal);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void theBarIsOnStderrWithTheExpectedTotalAndErasedBeforeTheResult() throws Exception {
        // 3000 steps of a 2×128 network on 40 points: a few seconds, so the bar has time to draw
        Run r = train("always", 30, 0.01);
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("train\\s+\\d+%.*?(\\d+)/(\\d+)").matcher(r.err());
        assertTrue(m.find(), "a bar on stderr: " + r.err());
        assertEquals("3000", m.group(2), "the total is the steps to t = 30 at η = 0.01: " + r.err());
        assertTrue(r.err().matches("(?s).*\r {20,}\r$"), "the bar is erased at the end: " + r.err().replace("\r", "\\r"));
        assertFalse(r.out().contains("\r"), "stdout holds only the result: " + r.out());
        assertTrue(r.out().startsWith("trained 3000 steps"), r.out());
    }

    @Test
    void noBarWhenStderrIsNotATerminal() throws Exception {
        Run r = train("never", 30, 0.01);
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("%"), "no bar: " + r.err());
        assertFalse(r.err().contains("\r"), r.err());
    }
}
