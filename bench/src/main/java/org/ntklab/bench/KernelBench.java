package org.ntklab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The analytic ReLU NTK Gram matrix (issue workload): N points on the sphere in d = 100, the
 * {@code arora} preset with L = 4 hidden layers, symmetric K(X, X), under a thread budget of
 * {@code threads}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBench {

    /** Input dimension of the workload. */
    public static final int D = 100;
    /** Hidden layers of the workload. */
    public static final int DEPTH = 4;

    /** Number of points. */
    @Param({"1024", "2048", "4096", "8192"})
    public int n;

    /** Thread budget. */
    @Param({"1", "2"})
    public int threads;

    private AnalyticKernel kernel;
    private Matrix x;

    /** Points on the sphere and the kernel. */
    @Setup
    public void setup() {
        ThreadBudget.setThreads(threads);
        SplittableRandom r = new SplittableRandom(42);
        double[] a = new double[n * D];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < D; k++) {
                double g = r.nextGaussian();
                a[i + k * n] = g;
                s += g * g;
            }
            for (int k = 0; k < D; k++) {
                a[i + k * n] /= Math.sqrt(s);
            }
        }
        x = new Matrix(n, D, a);
        kernel = new AnalyticKernel(Preset.ARORA.spec(D, DEPTH, null));
    }

    /** Θ(X, X). */
    @Benchmark
    public Matrix ntkGram() {
        return kernel.ntk(x);
    }
}
