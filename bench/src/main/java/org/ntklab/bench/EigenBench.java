package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.eigen.Spectrum;
import org.ntklab.linalg.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * λ_min of an analytic ReLU NTK Gram (KernelBench's matrix: arora, d = 100, depth 4, N points on
 * the sphere) with a certified bracket, against LAPACK's full eigendecomposition on the same backend.
 * Single-shot: each call is seconds long.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EigenBench {

    /** Matrix order. */
    @Param({"8192"})
    public int n;

    private Matrix k;

    /** The Gram. */
    @Setup
    public void setup() {
        KernelBench g = new KernelBench();
        g.n = n;
        g.threads = Runtime.getRuntime().availableProcessors();
        g.setup();
        k = g.ntkGram();
    }

    /** The Gram (for the baseline, which must solve the same matrix). */
    Matrix gram() {
        return k;
    }

    /** λ_min with a certified bracket of relative width ≤ 1e-8 (the engine's default target). */
    @Benchmark
    public CertifiedBracket certifiedLambdaMin() {
        CertifiedBracket b = DenseEigen.certifyLambdaMin(k, EigenOptions.defaults());
        if (!(b.upper() >= b.lower())) {
            throw new IllegalStateException("empty bracket");
        }
        return b;
    }

    /** All eigenvalues by LAPACK dsyevd. */
    @Benchmark
    public double[] fullSpectrum() {
        return Spectrum.all(k, false).values();
    }
}
