package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsAndRecordsMetricsWithDiscretisationCheck() throws IOException {
        Matrix x = NpyFiles.points(30, 3);
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            y[i] = Math.sin(x.get(i, 0));
        }
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path yf = NpyFiles.write(dir, "y.npy", y);
        Path metrics = dir.resolve("m.csv");
        CliRun r = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--test", xf.toString(), "--test-labels",
                yf.toString(), "--preset", "chen-li-lin", "--widths", "64,64", "--time", "10", "--check-discretisation", "--record",
                metrics.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("discretisation check"), r.out());
        List<String> rows = Files.readAllLines(metrics); // no comment lines: the header comes first
        assertTrue(rows.get(0).startsWith("step,time,train_loss"), rows.get(0));
        assertTrue(rows.size() > 5);
        String meta = Files.readString(dir.resolve("m.csv.meta.json"));
        assertTrue(meta.contains("discretisation_gap") && meta.contains("lambda_max_at_init"), meta);
    }

    /**
     * N × k labels train a k-output network. Mirrored initialisation starts from f = 0, so the first
     * record is exact: train loss 1/(2n) Σ_ia y_ia² and test error (1/n_t) Σ_ia yt_ia², which checks
     * that the file's rows are points and its columns outputs. A rerun gives the same bytes.
     */
    @Test
    void severalLabelColumnsTrainSeveralOutputs() throws IOException {
        Matrix x = NpyFiles.points(24, 3);
        Matrix xt = NpyFiles.points(7, 3);
        Matrix y = new Matrix(24, 3, new double[72]);
        Matrix yt = new Matrix(7, 3, new double[21]);
        double loss = 0;
        double test = 0;
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < 24; i++) {
                y.set(i, a, Math.sin((a + 1) * x.get(i, 0)) + a);
                loss += y.get(i, a) * y.get(i, a);
            }
            for (int i = 0; i < 7; i++) {
                yt.set(i, a, Math.cos((a + 1) * xt.get(i, 1)) - a);
                test += yt.get(i, a) * yt.get(i, a);
            }
        }
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path xtf = NpyFiles.write(dir, "xt.npy", xt);
        Path yf = NpyFiles.write(dir, "y.npy", y);
        Path ytf = NpyFiles.write(dir, "yt.npy", yt);
        Path metrics = dir.resolve("m.csv");
        CliRun r = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--test", xtf.toString(), "--test-labels",
                ytf.toString(), "--init", "mirrored", "--depth", "1", "--widths", "64", "--time", "3", "--threads", "1", "--json",
                "--record", metrics.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"outputs\":3"), r.out());
        List<String> rows = Files.readAllLines(metrics);
        String[] first = rows.get(1).split(",");
        assertEquals(loss / (2 * 24), Double.parseDouble(first[2]), 1e-15 * loss);
        assertEquals(test / 7, Double.parseDouble(first[3]), 1e-15 * test);
        String[] last = rows.get(rows.size() - 1).split(",");
        assertTrue(Double.parseDouble(last[2]) < 0.5 * Double.parseDouble(first[2]), rows.get(rows.size() - 1));
        assertTrue(Files.readString(dir.resolve("m.csv.meta.json")).contains("\"outputs\" : 3"));
        Path again = dir.resolve("again.csv");
        CliRun rerun = CliRun.of("rerun", dir.resolve("m.csv.meta.json").toString(), "--out", again.toString());
        assertEquals(0, rerun.status(), rerun.err());
        assertEquals(Files.readString(metrics), Files.readString(again));
        // test labels with another number of columns, and test labels without test points
        Path yt1 = NpyFiles.write(dir, "yt1.npy", new double[7]);
        Path refused = dir.resolve("refused.csv");
        CliRun wrong = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--test", xtf.toString(), "--test-labels",
                yt1.toString(), "--depth", "1", "--widths", "8", "--time", "1", "--record", refused.toString());
        assertEquals(2, wrong.status(), wrong.err());
        assertTrue(wrong.err().strip().equals("ntk: yt1.npy has 1 output column but y.npy has 3"), wrong.err());
        CliRun alone = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--test-target", ytf.toString(), "--depth",
                "1", "--widths", "8", "--time", "1", "--record", refused.toString());
        assertEquals(2, alone.status(), alone.err());
        assertTrue(alone.err().contains("--test"), alone.err());
        assertFalse(Files.exists(refused));
    }

    @Test
    void badRequestsAreOneLineErrors() throws IOException {
        Matrix x = NpyFiles.points(10, 3);
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path short9 = NpyFiles.write(dir, "y9.npy", new double[9]);
        Path y = NpyFiles.write(dir, "y.npy", new double[10]);
        Path out = dir.resolve("m.csv");
        String[][] cases = {
            {"train", "--data", xf.toString(), "--labels", short9.toString(), "--widths", "8", "--depth", "1", "--time", "1", "--record", out.toString()},
            {"train", "--data", xf.toString(), "--labels", y.toString(), "--widths", "8", "--depth", "1", "--time", "-1", "--record", out.toString()},
            {"train", "--data", xf.toString(), "--labels", y.toString(), "--widths", "8", "--depth", "1", "--time", "1e8", "--lr", "1e6", "--record",
                out.toString()},
            {"train", "--data", xf.toString(), "--labels", y.toString(), "--time", "1", "--record", out.toString()},
        };
        String[] expected = {"y9.npy has 9 labels but x.npy has 10 points", "time", "diverged", "--widths"};
        for (int c = 0; c < cases.length; c++) {
            CliRun r = CliRun.of(cases[c]);
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[c]), expected[c] + " not in " + r.err());
            assertFalse(Files.exists(out));
        }
    }
}
