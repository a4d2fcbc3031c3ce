package org.ntklab.tools;

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
        Matrix x = GramCommandTest.data(30, 3);
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

    @Test
    void badRequestsAreOneLineErrors() throws IOException {
        Matrix x = GramCommandTest.data(10, 3);
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
        String[] expected = {"labels count", "time", "diverged", "--widths"};
        for (int c = 0; c < cases.length; c++) {
            CliRun r = CliRun.of(cases[c]);
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[c]), expected[c] + " not in " + r.err());
            assertFalse(Files.exists(out));
        }
    }
}
