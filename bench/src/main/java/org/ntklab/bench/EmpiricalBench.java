package org.ntklab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The empirical NTK of a ReLU network with three hidden layers of width 1024 on N points in
 * d = 100 ({@code arora} scaling): the structured formula and one matrix-free product
 * ({@link JacobianBench} times the Jacobian contraction it replaces).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmpiricalBench {

    /** Input dimension. */
    public static final int D = 100;
    /** Hidden widths. */
    public static final int[] WIDTHS = {1024, 1024, 1024};

    /** Number of points. */
    @Param({"256", "4096"})
    public int points;

    /** BLAS backend of the large GEMMs (each JMH fork is a fresh JVM, so it can be chosen here). */
    @Param({"native", "java"})
    public String backend;

    Network net;
    Matrix x;
    private SymmetricOperator op;
    private double[] v;
    private double[] out;

    /** Network, data and the matrix-free operator (its forward/backward pass done here). */
    @Setup
    public void setup() {
        System.setProperty(Backends.PROPERTY, backend);
        SplittableRandom r = new SplittableRandom(7);
        double[] a = new double[points * D];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        x = new Matrix(points, D, a);
        net = Network.initialise(Preset.ARORA.spec(D, WIDTHS.length, WIDTHS), Initialisation.standard(), 1);
        op = EmpiricalNtk.operator(net, x);
        v = r.doubles(points).toArray();
        out = new double[points];
    }

    /** K(X, X) by Σ_l (GGᵀ)∘(BBᵀ), forward and backward passes included. */
    @Benchmark
    public Matrix structured() {
        return EmpiricalNtk.structured(net, x);
    }

    /** One product v ↦ K v without forming K (passes done in setup). */
    @Benchmark
    public double[] matrixFree() {
        op.apply(v, out);
        return out;
    }

    /** Flops of the structured computation: forward, backward and the lower-triangle Gram GEMMs. */
    static double structuredFlops(int n) {
        int[] m = dims();
        double f = 0;
        for (int l = 1; l < m.length; l++) {
            f += 2.0 * n * m[l - 1] * m[l];           // forward GEMM of layer l
            if (l < m.length - 1) {
                f += 2.0 * n * m[l + 1] * m[l];       // backward GEMM producing B^l
            }
            f += (double) n * n * m[l - 1];           // lower half of G^{l-1} G^{l-1}ᵀ
            if (l < m.length - 1) {
                f += (double) n * n * m[l];           // lower half of B^l B^lᵀ
            }
        }
        return f;
    }

    /** Flops of one matrix-free product: per hidden layer two GEMMs of N·m_{l−1}·m_l, plus the output layer's GEMVs. */
    static double matrixFreeFlops(int n) {
        int[] m = dims();
        double f = 0;
        for (int l = 1; l < m.length - 1; l++) {
            f += 4.0 * n * m[l - 1] * m[l];
        }
        return f + 4.0 * n * m[m.length - 2];
    }

    private static int[] dims() {
        int[] m = new int[WIDTHS.length + 2];
        m[0] = D;
        System.arraycopy(WIDTHS, 0, m, 1, WIDTHS.length);
        m[m.length - 1] = 1;
        return m;
    }
}
