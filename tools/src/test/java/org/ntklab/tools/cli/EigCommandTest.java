package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Npy;
import org.ntklab.eigen.Spectrum;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.tiled.TiledSingleCholesky;

/** {@code ntk eig} and {@code ntk smoothness}: JSON results against LAPACK, output files, one-line errors. */
class EigCommandTest {

    @TempDir
    Path dir;

    static JsonNode json(CliRun r) throws IOException {
        assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line: " + r.out());
        return new ObjectMapper().readTree(r.out());
    }

    /** n points on the unit sphere in R^d (seeded). */
    static Matrix sphere(int n, int d, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Matrix x = new Matrix(n, d, new double[n * d]);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double g = r.nextGaussian();
                x.set(i, k, g);
                s += g * g;
            }
            for (int k = 0; k < d; k++) {
                x.set(i, k, x.get(i, k) / Math.sqrt(s));
            }
        }
        return x;
    }

    static Matrix ntk(int n) {
        return new AnalyticKernel(Preset.ARORA.spec(5, 2, null)).ntk(sphere(n, 5, 7));
    }

    @Test
    void certifiedMinMaxAndAllOfAGram() throws IOException {
        Matrix k = ntk(120);
        double[] w = Spectrum.all(k, false).values();
        Path g = NpyFiles.write(dir, "k.npy", k);
        CliRun r = CliRun.of("eig", "--gram", g.toString(), "--which", "min", "--certify");
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r);
        double lo = j.get("bracket").get(0).asDouble();
        double hi = j.get("bracket").get(1).asDouble();
        double e = 16 * 0x1p-53 * w[w.length - 1];
        assertTrue(lo <= w[0] + e && w[0] - e <= hi, "[" + lo + ", " + hi + "] vs " + w[0]);
        assertTrue(j.get("certified").asBoolean() && j.get("relative_width").asDouble() <= 1e-8);
        assertEquals("proved", j.get("psd").asText());
        for (String f : new String[] {"iterations", "residual", "seconds", "method", "converged", "factorisations"}) {
            assertTrue(j.has(f), f);
        }
        Path v = dir.resolve("v.npy");
        r = CliRun.of("eig", "--gram", g.toString(), "--which", "max", "--out", v.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(w[w.length - 1], json(r).get("value").asDouble(), 1e-10 * w[w.length - 1]);
        assertArrayEquals(new long[] {120}, Npy.read(v).shape());
        assertTrue(Files.readString(dir.resolve("v.npy.meta.json")).contains("\"git_commit\""));
        Path all = dir.resolve("w.npy");
        Path vecs = dir.resolve("vecs.npy");
        r = CliRun.of("eig", "--gram", g.toString(), "--which", "all", "--out", all.toString(), "--vectors", vecs.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(w[0], Npy.read(all).toVector("w")[0], 1e-12);
        assertArrayEquals(new long[] {120, 120}, Npy.read(vecs).shape());
    }

    @Test
    void fromDataAnalyticAndEmpiricalMatrixFree() throws IOException {
        Matrix x = sphere(80, 5, 7);
        Path data = NpyFiles.write(dir, "x.npy", x);
        CliRun r = CliRun.of("eig", "--data", data.toString(), "--preset", "arora", "--depth", "2", "--which", "min");
        assertEquals(0, r.status(), r.err());
        assertEquals(Spectrum.range(ntk(80), 0, 1, false).values()[0], json(r).get("value").asDouble(), 1e-10);
        CliRun dense = CliRun.of("eig", "--data", data.toString(), "--preset", "arora", "--depth", "2", "--widths", "64,64",
                "--kernel", "empirical", "--which", "min");
        CliRun free = CliRun.of("eig", "--data", data.toString(), "--preset", "arora", "--depth", "2", "--widths", "64,64",
                "--kernel", "empirical", "--method", "matrix-free", "--which", "min", "--tol", "1e-12");
        assertEquals(0, dense.status(), dense.err());
        assertEquals(0, free.status(), free.err());
        double d = json(dense).get("value").asDouble();
        assertEquals(d, json(free).get("value").asDouble(), 1e-9 * d);
        assertFalse(json(free).get("certified").asBoolean());
        CliRun nystrom = CliRun.of("eig", "--data", data.toString(), "--preset", "arora", "--depth", "2", "--widths", "64,64",
                "--kernel", "empirical", "--method", "matrix-free", "--which", "min", "--tol", "1e-10", "--nystrom", "20");
        assertEquals(0, nystrom.status(), nystrom.err());
        assertTrue(json(nystrom).get("method").asText().contains("rank-20 Nyström"), nystrom.out());
        assertEquals(d, json(nystrom).get("value").asDouble(), 1e-9 * d);
    }

    @Test
    void theZeroGramIsAnsweredExactly() throws IOException {
        Path zero = NpyFiles.write(dir, "zero.npy", new Matrix(20, 20, new double[400]));
        for (String[] extra : new String[][] {{}, {"--certify"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("eig", "--gram", zero.toString(), "--which", "min"));
            args.addAll(List.of(extra));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            assertEquals(0.0, json(r).get("value").asDouble());
            assertTrue(json(r).get("method").asText().startsWith("exact"), r.out());
        }
        assertEquals("exact", json(CliRun.of("eig", "--gram", zero.toString(), "--which", "min", "--certify")).get("proof").asText());
    }

    @Test
    void empiricalMatrixFreeWithASingleFactor() throws IOException {
        Assumptions.assumeTrue(TiledSingleCholesky.available(), "needs the native BLAS");
        Path data = NpyFiles.write(dir, "x300.npy", sphere(300, 5, 7));
        List<String> common = List.of("eig", "--data", data.toString(), "--preset", "arora", "--depth", "2", "--widths", "64,64",
                "--kernel", "empirical", "--which", "min");
        CliRun dense = CliRun.of(common.toArray(String[]::new));
        List<String> single = new java.util.ArrayList<>(common);
        single.addAll(List.of("--method", "matrix-free", "--single-factor", "--tol", "1e-10"));
        CliRun r = CliRun.of(single.toArray(String[]::new));
        assertEquals(0, dense.status(), dense.err());
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r);
        double d = json(dense).get("value").asDouble();
        assertEquals(d, j.get("value").asDouble(), 1e-9 * d);
        assertTrue(j.get("method").asText().contains("single-precision Cholesky"), r.out());
        assertTrue(j.get("stopping_rule").asText().contains("Kato–Temple"), r.out());
        assertTrue(j.get("error_estimate").asDouble() >= 0 && j.has("factor_gflops"), r.out());
    }

    @Test
    void smoothnessOfLabels() throws IOException {
        Matrix k = ntk(150);
        double[] y = new double[150];
        Matrix x = sphere(150, 5, 7);
        for (int i = 0; i < 150; i++) {
            y[i] = x.get(i, 0) + 0.5 * x.get(i, 1) * x.get(i, 2);
        }
        Path out = dir.resolve("t.npy");
        CliRun r = CliRun.of("smoothness", "--gram", NpyFiles.write(dir, "k.npy", k).toString(), "--labels", NpyFiles.write(dir, "y.npy", y).toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r);
        double s = j.get("s").asDouble();
        assertFalse(j.has("ci"), "one Gram gives no confidence interval: " + r.out());
        assertTrue(j.get("fit_scatter").get("note").asText().contains("not a confidence interval"), r.out());
        assertTrue(s > 0 && j.get("edr").asDouble() > 0, r.out());
        assertEquals("fitted", j.get("edr_source").asText());
        assertEquals(s, j.get("tail_exponent").asDouble() / j.get("edr").asDouble(), 1e-12);
        assertArrayEquals(new long[] {150}, Npy.read(out).shape());
        CliRun given = CliRun.of("smoothness", "--gram", dir.resolve("k.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                "--edr", "1.2");
        assertEquals(0, given.status(), given.err());
        assertEquals(j.get("tail_exponent").asDouble() / 1.2, json(given).get("s").asDouble(), 1e-12);
        CliRun fixed = CliRun.of("smoothness", "--gram", dir.resolve("k.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                "--edr", "1.2", "--window", "5,50");
        assertEquals(0, fixed.status(), fixed.err());
        assertEquals("[5,50]", json(fixed).get("window").toString());
        assertEquals("given", json(fixed).get("window_source").asText());
        CliRun bad = CliRun.of("smoothness", "--gram", dir.resolve("k.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                "--window", "5");
        assertEquals(2, bad.status(), bad.out());
        assertTrue(bad.err().contains("--window"), bad.err());
    }

    @Test
    void badInputsGiveOneLineStatusTwoAndNoOutput() throws IOException {
        Path good = NpyFiles.write(dir, "good.npy", ntk(40));
        Path rect = NpyFiles.write(dir, "rect.npy", new Matrix(3, 4, new double[12]));
        Matrix nanK = ntk(10);
        nanK.set(3, 5, Double.NaN);
        Path nan = NpyFiles.write(dir, "nan.npy", nanK);
        Matrix asymK = ntk(10);
        asymK.set(0, 9, asymK.get(0, 9) + 1e-3);
        Path asym = NpyFiles.write(dir, "asym.npy", asymK);
        Matrix negK = ntk(40);
        for (int i = 0; i < 40; i++) {
            negK.set(i, i, negK.get(i, i) - 10);
        }
        Path neg = NpyFiles.write(dir, "neg.npy", negK);
        Path labels = NpyFiles.write(dir, "y.npy", new double[7]);
        Path out = dir.resolve("never.npy");
        String o = out.toString();
        Object[][] cases = {
            {new String[] {"eig", "--gram", rect.toString(), "--which", "min", "--out", o}, "not square"},
            {new String[] {"eig", "--gram", nan.toString(), "--which", "min", "--out", o}, "NaN at row 3, column 5"},
            {new String[] {"eig", "--gram", asym.toString(), "--which", "max", "--out", o}, "not symmetric"},
            {new String[] {"eig", "--gram", neg.toString(), "--which", "min", "--certify", "--out", o}, "not positive semi-definite"},
            {new String[] {"eig", "--gram", good.toString(), "--which", "min", "--certify", "--max-iter", "2", "--out", o},
                "did not converge"},
            {new String[] {"eig", "--gram", good.toString(), "--which", "max", "--method", "matrix-free", "--max-iter", "3",
                "--out", o}, "did not converge"},
            {new String[] {"eig", "--gram", good.toString(), "--which", "max", "--certify", "--out", o}, "--certify needs"},
            {new String[] {"eig", "--gram", good.toString(), "--data", good.toString(), "--which", "min"}, "mutually exclusive"},
            {new String[] {"eig", "--gram", good.toString(), "--which", "middle"}, "--which"},
            {new String[] {"eig", "--gram", good.toString(), "--which", "min", "--tol", "0"}, "tolerance"},
            {new String[] {"eig", "--data", good.toString(), "--kernel", "empirical", "--which", "min"}, "--widths"},
            {new String[] {"smoothness", "--gram", good.toString(), "--labels", labels.toString(), "--out", o}, "7 labels"},
            {new String[] {"smoothness", "--gram", good.toString(), "--labels", good.toString(), "--edr", "-1", "--out", o}, ""},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRun r = CliRun.of(args);
            String err = r.err().strip();
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains((String) c[1]), c[1] + " not in: " + err);
            assertFalse(Files.exists(out), "no output for " + String.join(" ", args));
        }
    }
}
