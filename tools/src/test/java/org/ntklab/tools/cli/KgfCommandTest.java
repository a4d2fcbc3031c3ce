package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.KernelPair;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.cli.KgfCommand;
import org.ntklab.train.FlowPredictions;
import org.ntklab.train.GaussianProcessPrior;
import org.ntklab.train.KernelGradientFlow;
import org.ntklab.train.PriorDraws;
import picocli.CommandLine;
import org.ntklab.tools.cli.Errors;

/** {@code ntk kgf}, run through picocli with the same error handling as {@link Main#commandLine()}. */
class KgfCommandTest {

    @TempDir
    Path dir;

    /** Runs the command as the root of a command line configured like Main's (exit statuses, one-line errors). */
    static synchronized CliRun kgf(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(o);
        try {
            CommandLine cl = new CommandLine(new KgfCommand());
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
            cl.setParameterExceptionHandler((ex, a) -> {
                ex.getCommandLine().getErr().println("ntk: " + ex.getMessage() + " (see 'ntk kgf --help')");
                return 2;
            });
            cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Errors.report(ex, cmd.getErr()));
            int status = cl.execute(args);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    static double[] labels(int n, double phase) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.cos(0.9 * i + phase);
        }
        return y;
    }

    /** The data rows of a CSV written by CsvTable: the header skipped. */
    static List<String[]> rows(Path csv) throws IOException {
        List<String[]> r = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (!line.startsWith("set,")) {
                r.add(line.split(",", -1));
            }
        }
        return r;
    }

    @Test
    void gpInitWritesPredictionsThatMatchTheLibrary() throws IOException {
        int n = 12, m = 4, d = 3;
        Matrix x = NpyFiles.points(n, d);
        Matrix z = new Matrix(m, d, rowsToColumnMajor(NpyFiles.points(n + m, d), n, m)); // points unlike the training ones
        double[] y = labels(n, 0.2);
        double[] yt = labels(m, 1.3);
        Path ytCsv = Files.writeString(dir.resolve("yt.csv"), String.join("\n", java.util.Arrays.stream(yt).mapToObj(Double::toString).toList()));
        Path out = dir.resolve("pred.csv");
        CliRun r = kgf("--data", NpyFiles.write(dir, "x.npy", x).toString(), "--labels", NpyFiles.write(dir, "y.npy", y).toString(), "--test", NpyFiles.write(dir, "z.npy", z).toString(),
                "--test-labels", ytCsv.toString(), "--preset", "jacot", "--depth", "2", "--init", "gp", "--seed", "3",
                "--times", "0,5,inf", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("test MSE"), r.out());
        List<String[]> rows = rows(out);
        assertEquals((n + m) * 3, rows.size());

        AnalyticKernel k = new AnalyticKernel(Preset.JACOT.spec(d, 2, null));
        KernelPair train = k.compute(x);
        KernelPair testTrain = k.compute(z, x);
        PriorDraws draw = new GaussianProcessPrior(train.nngp(), testTrain.nngp(), k.nngp(z)).draw(3, 0);
        double[] times = {0, 5, Double.POSITIVE_INFINITY};
        FlowPredictions p = new KernelGradientFlow(train.ntk()).predict(times, y, draw.trainAt(0), testTrain.ntk(), draw.testAt(0));
        int row = 0;
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < n; i++, row++) {
                String[] c = rows.get(row);
                assertEquals("train", c[0]);
                assertEquals(i, Integer.parseInt(c[1]));
                assertEquals(times[j], Double.parseDouble(c[2]));
                assertEquals(p.train().get(i, j), Double.parseDouble(c[3]), 0.0);
                assertEquals(y[i], Double.parseDouble(c[4]), 0.0);
                if (j == 0) {
                    assertEquals(draw.trainAt(0)[i], Double.parseDouble(c[3]), 0.0, "t = 0 is the prior draw");
                    assertEquals(train.nngp().get(i, i), Double.parseDouble(c[6]), 1e-14 * train.nngp().get(i, i), "prior variance");
                }
                if (j == 2) {
                    assertEquals(y[i], Double.parseDouble(c[3]), 0.0, "f_∞(X) = y without ridge");
                }
            }
            for (int i = 0; i < m; i++, row++) {
                String[] c = rows.get(row);
                assertEquals("test", c[0]);
                assertEquals(p.test().get(i, j), Double.parseDouble(c[3]), 0.0);
                assertEquals(yt[i], Double.parseDouble(c[4]), 0.0);
                assertTrue(Double.parseDouble(c[6]) > 0, "test variance");
            }
        }
        String meta = Files.readString(dir.resolve("pred.csv.meta.json"));
        assertTrue(meta.contains("\"jitter\"") && meta.contains("\"seed\" : 3") && meta.contains("preset=jacot"), meta);
    }

    @Test
    void zeroInitStartsAtZeroAndLeavesTestLabelsEmpty() throws IOException {
        Matrix x = NpyFiles.points(8, 2);
        Path out = dir.resolve("p.csv");
        Path labelsCsv = Files.writeString(dir.resolve("y.csv"), "y\n1\n2\n3\n4\n5\n6\n7\n8\n");
        CliRun r = kgf("--data", NpyFiles.write(dir, "x.npy", x).toString(), "--labels", labelsCsv.toString(), "--test",
                NpyFiles.write(dir, "z.npy", NpyFiles.points(3, 2)).toString(), "--times", "0,inf", "--ridge", "0.01", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String[]> rows = rows(out);
        assertEquals(22, rows.size());
        assertEquals(5, rows.get(0).length, "no ensemble columns for --init zero");
        for (int i = 0; i < 11; i++) {
            assertEquals(0.0, Double.parseDouble(rows.get(i)[3]), 0.0);
        }
        assertEquals("", rows.get(8)[4], "test label left empty");
        assertTrue(Math.abs(Double.parseDouble(rows.get(11)[3]) - 1) > 1e-6, "a ridge keeps f_∞(x_1) away from y_1");
    }

    @Test
    void userMistakesAreOneLineErrorsWithStatusTwo() throws IOException {
        Matrix x = NpyFiles.points(6, 2);
        Matrix dup = NpyFiles.points(6, 2);
        for (int c = 0; c < 2; c++) {
            dup.set(5, c, dup.get(0, c));
        }
        String data = NpyFiles.write(dir, "x.npy", x).toString();
        String dupData = NpyFiles.write(dir, "dup.npy", dup).toString();
        String y = NpyFiles.write(dir, "y.npy", labels(6, 0)).toString();
        String shortY = NpyFiles.write(dir, "short.npy", labels(5, 0)).toString();
        String wideY = Files.writeString(dir.resolve("wide.csv"), "1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n").toString();
        String out = dir.resolve("never.csv").toString();
        String[][] cases = {
            {"--data", data, "--labels", shortY, "--times", "1", "--out", out, "short.npy has 5 labels but x.npy has 6 points"},
            {"--data", data, "--labels", y, "--test", data, "--test-labels", wideY, "--times", "1", "--out", out,
                "wide.csv has 2 output columns but y.npy has 1"},
            {"--data", data, "--labels", y, "--times", "1,-2", "--out", out, "--times"},
            {"--data", data, "--labels", y, "--times", "1,soon", "--out", out, "not a number"},
            {"--data", data, "--labels", y, "--times", "1", "--init", "random", "--out", out, "--init"},
            {"--data", data, "--labels", y, "--times", "1", "--ridge", "-1", "--out", out, "--ridge"},
            {"--data", data, "--labels", y, "--times", "1", "--test-labels", y, "--out", out, "Missing required argument(s): --test"},
            {"--data", data, "--labels", y, "--times", "1", "--out", dir.resolve("p.txt").toString(), ".npy, .csv"},
            {"--data", dupData, "--labels", y, "--times", "inf", "--out", out, "add a ridge"},
            {"--data", data, "--times", "1", "--out", out, "--labels"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            CliRun r = kgf(args);
            String err = r.err().strip();
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains(c[c.length - 1]), c[c.length - 1] + " not in: " + err);
            assertFalse(Files.exists(Path.of(out)), "no output for " + String.join(" ", args));
        }
    }

    /** Rows n … n+m−1 of a column-major matrix as their own column-major m×d array. */
    static double[] rowsToColumnMajor(Matrix a, int from, int count) {
        double[] out = new double[count * a.cols()];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < a.cols(); c++) {
                out[i + c * count] = a.get(from + i, c);
            }
        }
        return out;
    }

    @Test
    void severalOutputColumnsAreTheFlowsOfEachColumnAlone() throws IOException {
        int n = 14, m = 5, d = 3;
        Matrix x = NpyFiles.points(n, d);
        Matrix z = NpyFiles.points(m, d);
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path zf = NpyFiles.write(dir, "z.npy", z);
        double[][] cols = {labels(n, 0.2), labels(n, 1.7), labels(n, -0.4)};
        Matrix y = new Matrix(n, 3, new double[3 * n]);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                y.set(i, c, cols[c][i]);
            }
        }
        Path yf = NpyFiles.write(dir, "y3.npy", y);
        for (String init : new String[] {"zero", "gp"}) {
            Path all = dir.resolve("all-" + init + ".csv");
            CliRun r = kgf("--data", xf.toString(), "--labels", yf.toString(), "--test", zf.toString(), "--times", "0.5,inf", "--init", init,
                    "--seed", "9", "--preset", "arora", "--depth", "2", "--out", all.toString());
            assertEquals(0, r.status(), r.err());
            List<String> lines = Files.readAllLines(all);
            assertTrue(lines.get(0).startsWith("set,output,index,t,prediction,label"), lines.get(0));
            for (int c = 0; c < 3; c++) {
                Path one = dir.resolve("one-" + init + c + ".csv");
                Path yc = NpyFiles.write(dir, "y" + c + ".npy", cols[c]);
                assertEquals(0, kgf("--data", xf.toString(), "--labels", yc.toString(), "--test", zf.toString(), "--times", "0.5,inf",
                        "--init", init, "--seed", "9", "--preset", "arora", "--depth", "2", "--out", one.toString()).status());
                List<String> expected = new ArrayList<>();
                for (String[] row : rows(one)) {
                    expected.add(String.join(",", row));
                }
                List<String> got = new ArrayList<>();
                for (String[] row : rows(all)) {
                    if (row[1].equals(Integer.toString(c))) {
                        List<String> cells = new ArrayList<>(List.of(row));
                        cells.remove(1);
                        got.add(String.join(",", cells));
                    }
                }
                if (init.equals("zero")) {
                    assertEquals(expected, got, "output " + c + " as if alone");
                } else {
                    // the prior draw of output c is the draw keyed by c, so output 0 is the single-output run; for every
                    // output the ensemble's mean and variance (no draw in them) are the single run's
                    if (c == 0) {
                        assertEquals(expected, got, "output 0 draws as a single output does");
                    }
                    assertEquals(withoutPrediction(expected), withoutPrediction(got), "output " + c + ": the ensemble moments");
                }
            }
        }
    }

    /** CSV rows (set,index,t,prediction,label,...) without their prediction cell. */
    private static List<String> withoutPrediction(List<String> rows) {
        List<String> r = new ArrayList<>();
        for (String row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
            cells.remove(3);
            r.add(String.join(",", cells));
        }
        return r;
    }
}
