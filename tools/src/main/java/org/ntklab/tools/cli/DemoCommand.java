package org.ntklab.tools.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ntk demo}: the largest end-to-end job that exists so far, on built-in defaults. For now a
 * ridge kernel solve on points of the sphere: Gram matrix by SYRK, Cholesky, solve, residual check,
 * and the same on the pure-Java backend as a cross-check.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on built-in defaults and say where the outputs went.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--n", description = "Number of points (default ${DEFAULT-VALUE}).", defaultValue = "4096")
    int n;

    @Option(names = "--d", description = "Input dimension (default ${DEFAULT-VALUE}).", defaultValue = "100")
    int d;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--out", description = "Output folder (default ${DEFAULT-VALUE}); the demo replaces its own previous outputs.",
            defaultValue = "out/demo")
    Path out;

    @Override
    public Integer call() {
        if (n < 2 || d < 1) {
            throw new UserError("--n must be at least 2 and --d at least 1");
        }
        long bytes = 8L * n * n * 2;
        if ((long) n * n > Integer.MAX_VALUE || bytes > Runtime.getRuntime().maxMemory() * 0.8) {
            throw new UserError("--n " + n + " needs " + (bytes >> 20) + " MiB for two N×N matrices; the heap has "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
        RunRecord record = new RunRecord("demo", List.of("--n", "" + n, "--d", "" + d, "--seed", "" + seed));
        record.put("seed", seed).put("n", n).put("d", d);
        AtomicFiles.ensureFolder(out);
        CsvTable table = new CsvTable("step", "backend", "n", "seconds", "gflops", "check");

        double[] x = spherePoints(n, d, seed);
        double[] y = gaussian(n, seed + 1);
        Backend main = Backends.current();
        Solve s = solve(main, x, n, d, y, table);
        System.out.printf("backend %s (%s): N=%d, relative residual %.3g%n", main.info().kind(), main.blas().name(), n, s.residual);

        // Cross-check on the pure-Java backend over a leading block small enough to be quick.
        int m = Math.min(n, 1024);
        Solve a = solve(Backends.javaBackend(), subRows(x, n, m, d), m, d, y, table);
        Solve b = solve(main, subRows(x, n, m, d), m, d, y, new CsvTable(table.columns().toArray(String[]::new)));
        double diff = maxRelDiff(a.coefficients, b.coefficients);
        table.add("cross-check " + main.info().kind() + " vs java", "both", m, 0.0, 0.0, diff);
        System.out.printf("pure Java vs %s on N=%d: max relative difference %.3g%n", main.info().kind(), m, diff);

        Path csv = out.resolve("demo.csv");
        table.write(csv, record.header(), true);
        Path meta = record.writeMeta(out.resolve("meta.json"), true);
        System.out.println("outputs: " + csv.toAbsolutePath() + ", " + meta.toAbsolutePath());
        return 0;
    }

    private record Solve(double[] coefficients, double residual) {
    }

    private static Solve solve(Backend be, double[] x, int n, int d, double[] y, CsvTable table) {
        String kind = be.info().kind();
        double[] k = new double[n * n];
        long t0 = System.nanoTime();
        be.blas().dsyrk(Uplo.LOWER, Trans.N, n, d, 1.0, x, 0, n, 0.0, k, 0, n);
        double tSyrk = seconds(t0);
        table.add("gram (dsyrk)", kind, n, tSyrk, (double) n * n * d / tSyrk / 1e9, Double.NaN);
        for (int i = 0; i < n; i++) {
            k[i + i * n] += 0.1; // ridge: the Gram has rank d < n
        }
        double[] full = k.clone();
        mirrorLower(full, n);
        t0 = System.nanoTime();
        int info = be.lapack().dpotrf(Uplo.LOWER, n, k, 0, n);
        double tChol = seconds(t0);
        if (info != 0) {
            throw new IllegalStateException("Cholesky failed at column " + info);
        }
        table.add("cholesky (dpotrf)", kind, n, tChol, (double) n * n * n / 3 / tChol / 1e9, Double.NaN);
        double[] coef = y.clone();
        t0 = System.nanoTime();
        be.lapack().dpotrs(Uplo.LOWER, n, 1, k, 0, n, coef, 0, n);
        double tSolve = seconds(t0);
        double[] r = y.clone();
        be.blas().dgemv(Trans.N, n, n, 1.0, full, 0, n, coef, 0, -1.0, r, 0);
        double res = Math.sqrt(be.blas().ddot(n, r, 0, r, 0) / be.blas().ddot(n, y, 0, y, 0));
        table.add("solve (dpotrs)", kind, n, tSolve, 2.0 * n * n / tSolve / 1e9, res);
        return new Solve(coef, res);
    }

    private static void mirrorLower(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                a[j + i * n] = a[i + j * n];
            }
        }
    }

    private static double[] spherePoints(int n, int d, long seed) {
        double[] g = gaussian(n * d, seed);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += g[i * d + j] * g[i * d + j];
            }
            double inv = 1 / Math.sqrt(s);
            for (int j = 0; j < d; j++) {
                x[i + j * n] = g[i * d + j] * inv; // column-major n×d
            }
        }
        return x;
    }

    private static double[] subRows(double[] x, int n, int m, int d) {
        double[] s = new double[m * d];
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, j * n, s, j * m, m);
        }
        return s;
    }

    private static double[] gaussian(int len, long seed) {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = g.sample();
        }
        return v;
    }

    private static double maxRelDiff(double[] a, double[] b) {
        double scale = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
