package org.ntklab.tools.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ntk demo}: the largest end-to-end job that exists so far, on built-in defaults: the
 * analytic NTK of points on the sphere, its spectrum (LAPACK), NTK regression of a smooth target
 * by Cholesky, and the same regression on the pure-Java backend as a cross-check.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on built-in defaults and say where the outputs went.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--n", description = "Number of points (default ${DEFAULT-VALUE}).", defaultValue = "2048")
    int n;

    @Option(names = "--d", description = "Input dimension (default ${DEFAULT-VALUE}).", defaultValue = "10")
    int d;

    @Option(names = "--depth", description = "Hidden layers of the arora-preset ReLU network (default ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int depth;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--out", description = "Output folder (default ${DEFAULT-VALUE}); the demo replaces its own previous outputs.",
            defaultValue = "out/demo")
    Path out;

    @Override
    public Integer call() {
        if (n < 2 || d < 2) {
            throw new UserError("--n and --d must be at least 2");
        }
        RunRecord record = new RunRecord("demo", List.of("--n", "" + n, "--d", "" + d, "--depth", "" + depth, "--seed", "" + seed));
        ArchitectureSpec spec = Preset.ARORA.spec(d, depth, null);
        record.put("seed", seed).put("n", n).put("d", d).put("spec", spec.describe());
        AtomicFiles.ensureFolder(out);
        CsvTable steps = new CsvTable("step", "backend", "n", "seconds", "value");

        Matrix x = spherePoints(n, d, seed);
        double[] y = target(x, seed + 1);
        long t0 = System.nanoTime();
        Matrix k = new AnalyticKernel(spec).ntk(x);
        steps.add("NTK Gram (analytic, arora)", "tiles", n, seconds(t0), k.get(0, 0));
        Backend main = Backends.current();

        t0 = System.nanoTime();
        double[] w = new double[n];
        int info = main.lapack().dsyevd(false, Uplo.LOWER, n, k.data().clone(), 0, n, w);
        if (info != 0) {
            throw new IllegalStateException("eigen-solver failed: " + info);
        }
        steps.add("spectrum (dsyevd)", main.info().kind(), n, seconds(t0), w[0]);
        CsvTable spectrum = new CsvTable("index", "eigenvalue");
        for (int i = 0; i < n; i++) {
            spectrum.add(i + 1, w[n - 1 - i]);
        }

        double ridge = 1e-3 * w[n - 1] / n;
        Fit fit = regress(main, k, y, ridge, steps);
        Fit ref = regress(Backends.javaBackend(), k, y, ridge, steps);
        double diff = 0, scale = 0;
        for (int i = 0; i < n; i++) {
            diff = Math.max(diff, Math.abs(fit.coefficients[i] - ref.coefficients[i]));
            scale = Math.max(scale, Math.abs(ref.coefficients[i]));
        }
        steps.add("cross-check " + main.info().kind() + " vs java (max rel. difference)", "both", n, 0.0, diff / scale);
        System.out.printf(Locale.ROOT, "NTK of %d points on S^%d (arora, depth %d): λ_max %.4g, λ_min %.4g%n", n, d - 1, depth,
                w[n - 1], w[0]);
        System.out.printf(Locale.ROOT, "NTK regression (ridge %.2g): relative training residual %.3g; pure Java vs %s: %.2g%n",
                ridge, fit.residual, main.info().kind(), diff / scale);

        Path stepsFile = out.resolve("demo.csv");
        Path spectrumFile = out.resolve("spectrum.csv");
        steps.write(stepsFile, record.header(), true);
        spectrum.write(spectrumFile, record.header(), true);
        Path meta = record.writeMeta(out.resolve("meta.json"), true);
        System.out.println("outputs: " + stepsFile.toAbsolutePath() + ", " + spectrumFile.toAbsolutePath() + ", "
                + meta.toAbsolutePath());
        return 0;
    }

    private record Fit(double[] coefficients, double residual) {
    }

    /** Kernel ridge regression (K + ridge·I) a = y by Cholesky; records timings and the training residual. */
    private static Fit regress(Backend be, Matrix k, double[] y, double ridge, CsvTable steps) {
        int n = y.length;
        double[] a = k.data().clone();
        for (int i = 0; i < n; i++) {
            a[i + i * n] += ridge;
        }
        long t0 = System.nanoTime();
        int info = be.lapack().dpotrf(Uplo.LOWER, n, a, 0, n);
        if (info != 0) {
            throw new IllegalStateException("Cholesky failed at column " + info);
        }
        double[] coef = y.clone();
        be.lapack().dpotrs(Uplo.LOWER, n, 1, a, 0, n, coef, 0, n);
        double secs = seconds(t0);
        double[] r = y.clone();
        be.blas().dgemv(Trans.N, n, n, 1.0, k.data(), 0, n, coef, 0, -1.0, r, 0);
        be.blas().daxpy(n, ridge, coef, 0, r, 0);
        double res = Math.sqrt(be.blas().ddot(n, r, 0, r, 0) / be.blas().ddot(n, y, 0, y, 0));
        steps.add("ridge solve (dpotrf + dpotrs)", be.info().kind(), n, secs, res);
        return new Fit(coef, res);
    }

    private static Matrix spherePoints(int n, int d, long seed) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng(seed));
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = g.sample();
                s += v[j] * v[j];
            }
            for (int j = 0; j < d; j++) {
                x[i + j * n] = v[j] / Math.sqrt(s);
            }
        }
        return new Matrix(n, d, x);
    }

    /** f*(x) = x₁x₂ + sin(3x₃) plus N(0, 0.1²) noise. */
    private static double[] target(Matrix x, long seed) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng(seed));
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(i, 0) * x.get(i, 1) + Math.sin(3 * x.get(i, 2 % x.cols())) + 0.1 * g.sample();
        }
        return y;
    }

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_SHI_RO_256_PP.create(seed);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
