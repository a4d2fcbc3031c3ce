package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.cli.CliRun;
import org.ntklab.tools.cli.NpyFiles;

/**
 * The files ntk writes load in numpy and pandas with their default settings (issue 22): a matrix
 * CSV with {@code numpy.loadtxt(f, delimiter=',')}, a table CSV with {@code pandas.read_csv(f)}
 * and {@code numpy.genfromtxt(f, delimiter=',', names=True)}, a .npy with {@code numpy.load}, and
 * the values read are the values written (bit for bit by numpy and by pandas' round-trip parser;
 * pandas' default parser is within an ulp, which is its own choice). Skips only when python3 with numpy is absent; the pandas
 * check skips (alone) when pandas is.
 */
class InterchangeTest {

    @TempDir
    Path dir;

    /** Runs a python3 program; its stdout, or null when python3 or numpy is missing. */
    private static String python(Path dir, String program) throws IOException, InterruptedException {
        Path script = dir.resolve("check.py");
        Files.writeString(script, program);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        if (out.contains("No module named 'numpy'")) {
            return null;
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void ourCsvAndNpyFilesLoadInNumpyAndPandasAsIs() throws Exception {
        Matrix x = NpyFiles.points(12, 3);
        double[] y = new double[12];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(3 * x.get(i, 0));
        }
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path yf = NpyFiles.write(dir, "y.npy", y);
        assertEquals(0, CliRun.of("gram", "--data", xf.toString(), "--preset", "arora", "--depth", "2", "--out", dir.resolve("K.csv").toString())
                .status());
        assertEquals(0, CliRun.of("gram", "--data", xf.toString(), "--preset", "arora", "--depth", "2", "--out", dir.resolve("K.npy").toString())
                .status());
        CliRun train = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--preset", "chen-li-lin", "--widths", "16,16",
                "--time", "2", "--record", dir.resolve("train.csv").toString());
        assertEquals(0, train.status(), train.err());
        CliRun kgf = CliRun.of("kgf", "--data", xf.toString(), "--labels", yf.toString(), "--test", xf.toString(), "--times", "0,1,inf",
                "--preset", "arora", "--depth", "2", "--out", dir.resolve("kgf.csv").toString());
        assertEquals(0, kgf.status(), kgf.err());
        // the same tables as numpy structured arrays
        assertEquals(0, CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--preset", "chen-li-lin", "--widths",
                "16,16", "--time", "2", "--record", dir.resolve("train.npy").toString()).status());
        assertEquals(0, CliRun.of("kgf", "--data", xf.toString(), "--labels", yf.toString(), "--test", xf.toString(), "--times", "0,1,inf",
                "--preset", "arora", "--depth", "2", "--out", dir.resolve("kgf.npy").toString()).status());
        for (String f : List.of("K.csv", "train.csv", "kgf.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(f));
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("#")), f + " has comment lines");
        }
        String out = python(dir, """
                import numpy as np
                K = np.loadtxt('K.csv', delimiter=',')
                Kn = np.load('K.npy')
                print('matrix', K.shape[0], K.shape[1], int(np.array_equal(K, Kn)))
                T = np.loadtxt('train.csv', delimiter=',', skiprows=1)
                G = np.genfromtxt('train.csv', delimiter=',', names=True)
                print('table', T.shape[0], T.shape[1], G.dtype.names[0], G.dtype.names[2], repr(float(G['train_loss'][-1])))
                S = np.load('train.npy')
                same = all(np.array_equal(S[n], G[n], equal_nan=True) for n in G.dtype.names)
                k = np.load('kgf.npy')
                kc = np.genfromtxt('kgf.csv', delimiter=',', names=True, dtype=None, encoding='utf-8')
                ksame = all(np.array_equal(k[n], kc[n], equal_nan=k[n].dtype.kind == 'f') for n in kc.dtype.names)
                print('structured', S.dtype.names == G.dtype.names, S.dtype['step'].str, int(same), k.dtype['set'].str, int(ksame),
                      sorted(str(s) for s in set(k['set'])))
                try:
                    import pandas as pd
                except ImportError:
                    print('pandas absent')
                else:
                    t = pd.read_csv('train.csv', float_precision='round_trip')
                    k = pd.read_csv('kgf.csv')
                    print('pandas', len(t), list(t.columns)[:3], repr(float(t['train_loss'].iloc[-1])), len(k), sorted(set(k['set'])),
                          int(np.array_equal(pd.read_csv('K.csv', header=None, float_precision='round_trip').to_numpy(), Kn)),
                          int(np.max(np.abs(pd.read_csv('K.csv', header=None).to_numpy() - Kn)) <= 1e-15 * np.max(np.abs(Kn))))
                """);
        assumeTrue(out != null, "python3 with numpy is not installed");
        List<String> trainRows = new ArrayList<>(Files.readAllLines(dir.resolve("train.csv")));
        String header = trainRows.remove(0);
        int columns = header.split(",").length;
        String lastLoss = trainRows.get(trainRows.size() - 1).split(",")[2];
        List<String> lines = out.lines().toList();
        assertEquals("matrix 12 12 1", lines.get(0), out);
        assertEquals("table " + trainRows.size() + " " + columns + " step train_loss " + Double.parseDouble(lastLoss), lines.get(1), out);
        assertEquals("structured True <i8 1 <U5 1 ['test', 'train']", lines.get(2), out);
        if (!lines.get(3).equals("pandas absent")) {
            long kgfRows = Files.readAllLines(dir.resolve("kgf.csv")).size() - 1;
            assertEquals("pandas " + trainRows.size() + " ['step', 'time', 'train_loss'] " + Double.parseDouble(lastLoss) + " " + kgfRows
                    + " ['test', 'train'] 1 1", lines.get(3), out);
        }
    }
}
