package org.ntklab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** DGEMM and DSYRK on square matrices, native OpenBLAS vs the pure-Java backend. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlasBench {

    /** Matrix order. */
    @Param({"256", "1024", "2048"})
    public int n;

    /** {@code native} (OpenBLAS through netlib) or {@code java} (Vector API kernels). */
    @Param({"native", "java"})
    public String backend;

    private Backend be;
    private double[] a;
    private double[] b;
    private double[] c;

    /** Allocates random operands and binds the backend. */
    @Setup
    public void setup() {
        be = "java".equals(backend) ? Backends.javaBackend() : Backends.current();
        if ("native".equals(backend) && !be.info().isNative()) {
            throw new IllegalStateException("native backend unavailable: " + be.info().note());
        }
        SplittableRandom r = new SplittableRandom(42);
        a = r.doubles((long) n * n, -1, 1).toArray();
        b = r.doubles((long) n * n, -1, 1).toArray();
        c = new double[n * n];
    }

    /** C = A B: 2n³ flops. */
    @Benchmark
    public void dgemm(Blackhole bh) {
        be.blas().dgemm(Trans.N, Trans.N, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        bh.consume(c);
    }

    /** Lower triangle of C = A Aᵀ: n³ flops. */
    @Benchmark
    public void dsyrk(Blackhole bh) {
        be.blas().dsyrk(Uplo.LOWER, Trans.N, n, n, 1.0, a, 0, n, 0.0, c, 0, n);
        bh.consume(c);
    }

    /** Floating-point operations of one call of {@code method} at order {@code n}. */
    static double flops(String method, int n) {
        double n3 = (double) n * n * n;
        return switch (method) {
            case "dgemm" -> 2 * n3;
            case "dsyrk" -> n3;
            default -> Double.NaN;
        };
    }
}
