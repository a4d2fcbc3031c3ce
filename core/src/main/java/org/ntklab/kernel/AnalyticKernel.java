package org.ntklab.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.ThreadBudget;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The infinite-width NNGP and NTK of the network an {@link ArchitectureSpec} describes, in the
 * spirit of neural-tangents' {@code kernel_fn(x1, x2, get)}:
 * <pre>
 *   AnalyticKernel k = new AnalyticKernel(Preset.ARORA.spec(d, 3, null));
 *   Matrix theta = k.ntk(x);            // N×N, exactly symmetric
 *   Matrix cross = k.ntk(xTest, x);     // M×N
 *   KernelPair both = k.compute(x);     // NNGP and NTK from one pass
 * </pre>
 * Data matrices have one row per point. The recursion (formulas sheet §2):
 * Σ¹ = σ_w,1² xᵀx'/d + σ_b,1², Σ^{l+1} = σ_w,l+1² E[φ(u)φ(v)] + σ_b,l+1²,
 * Σ̇^{l+1} = σ_w,l+1² E[φ'(u)φ'(v)], Θ^{l+1} = Θ^l Σ̇^{l+1} + (term of layer l+1), where a trained
 * layer's term is Σ^{l+1} (scaled per {@link ArchitectureSpec#weightTermFactor} in the standard
 * parameterisation) and a frozen layer's is 0.
 *
 * <p>Assembly: inner products by BLAS (SYRK for K(X, X), GEMM for K(X*, X)); then every entry's
 * whole layer recursion runs in one go over cache-resident chunks of a column, in parallel over
 * columns under the thread budget, vectorised with the Vector API. A symmetric Gram computes its
 * lower triangle with exact diagonals (ρ = 1, from the separate diagonal recursion) and mirrors
 * it, so the result is exactly symmetric.
 */
public final class AnalyticKernel {

    /** Rows of a column processed together: small enough for L1, long enough to amortise the loop. */
    static final int CHUNK = 256;

    private final ArchitectureSpec spec;
    private final DualActivation dual;

    /** The kernel of {@code spec}, with the default quadrature for activations without a closed form. */
    public AnalyticKernel(ArchitectureSpec spec) {
        this(spec, Quadrature.defaults());
    }

    /** The kernel of {@code spec} with the given quadrature where no closed form exists. */
    public AnalyticKernel(ArchitectureSpec spec, Quadrature quadrature) {
        this.spec = spec;
        this.dual = DualActivation.of(spec.activation(), quadrature);
    }

    /** The spec. */
    public ArchitectureSpec spec() {
        return spec;
    }

    /** Θ(X, X), N×N. */
    public Matrix ntk(Matrix x) {
        return compute(x).ntk();
    }

    /** Θ(X*, X), M×N. */
    public Matrix ntk(Matrix xTest, Matrix x) {
        return compute(xTest, x).ntk();
    }

    /** Σ(X, X), N×N. */
    public Matrix nngp(Matrix x) {
        return compute(x).nngp();
    }

    /** Σ(X*, X), M×N. */
    public Matrix nngp(Matrix xTest, Matrix x) {
        return compute(xTest, x).nngp();
    }

    /** Σ(x_i, x_i) and Θ(x_i, x_i) for every row of X, without the N×N matrices. */
    public KernelDiagonal diag(Matrix x) {
        Diagonal d = diagonalRecursion(x, "X");
        int last = spec.depth() + 1;
        return new KernelDiagonal(d.q[last].clone(), d.theta[last].clone());
    }

    /** NNGP and NTK of X against itself, exactly symmetric. */
    public KernelPair compute(Matrix x) {
        Diagonal d = diagonalRecursion(x, "X");
        int n = x.rows();
        MemoryCheck.requireArrays(2, n, n, "the " + n + "×" + n + " NNGP and NTK matrices");
        double[] sigma = new double[n * n];
        double[] theta = new double[n * n];
        if (n > 0) {
            Backends.blas().dsyrk(Uplo.LOWER, Trans.N, n, x.cols(), spec.weightVar(1) / spec.inputDim(), x.data(), 0, n,
                    0.0, sigma, 0, n);
        }
        columns(d, d, n, n, true, sigma, theta);
        mirrorLower(sigma, n);
        mirrorLower(theta, n);
        return new KernelPair(new Matrix(n, n, sigma), new Matrix(n, n, theta));
    }

    /** NNGP and NTK between the rows of X* (M) and of X (N): M×N matrices. */
    public KernelPair compute(Matrix xTest, Matrix x) {
        Diagonal dRow = diagonalRecursion(xTest, "X*");
        Diagonal dCol = diagonalRecursion(x, "X");
        int m = xTest.rows();
        int n = x.rows();
        MemoryCheck.requireArrays(2, m, n, "the " + m + "×" + n + " NNGP and NTK matrices");
        double[] sigma = new double[m * n];
        double[] theta = new double[m * n];
        if (m > 0 && n > 0) {
            Backends.blas().dgemm(Trans.N, Trans.T, m, n, x.cols(), spec.weightVar(1) / spec.inputDim(), xTest.data(), 0, m,
                    x.data(), 0, n, 0.0, sigma, 0, m);
        }
        columns(dRow, dCol, m, n, false, sigma, theta);
        exactSelfPairs(xTest, x, dCol, sigma, theta);
        return new KernelPair(new Matrix(m, n, sigma), new Matrix(m, n, theta));
    }

    /**
     * A test point identical to a training point is a self-pair: give it the exact diagonal value
     * (θ = 0) rather than an arccos of a correlation that rounding left just below 1.
     */
    private void exactSelfPairs(Matrix xTest, Matrix x, Diagonal dCol, double[] sigma, double[] theta) {
        int m = xTest.rows();
        Map<List<Double>, List<Integer>> rows = new HashMap<>();
        for (int j = 0; j < x.rows(); j++) {
            rows.computeIfAbsent(key(x, j), k -> new ArrayList<>()).add(j);
        }
        int last = spec.depth() + 1;
        for (int i = 0; i < m; i++) {
            List<Integer> same = rows.get(key(xTest, i));
            if (same != null) {
                for (int j : same) {
                    sigma[i + j * m] = dCol.q[last][j];
                    theta[i + j * m] = dCol.theta[last][j];
                }
            }
        }
    }

    private static List<Double> key(Matrix a, int row) {
        List<Double> k = new ArrayList<>(a.cols());
        for (int t = 0; t < a.cols(); t++) {
            k.add(a.get(row, t) + 0.0); // + 0.0 folds −0 into 0
        }
        return k;
    }

    /** Per-layer diagonal values: q[l][i] = Σ^l(x_i, x_i), theta[l][i] = Θ^l(x_i, x_i). */
    private record Diagonal(double[][] q, double[][] theta) {
    }

    private Diagonal diagonalRecursion(Matrix x, String name) {
        Inputs.validate(x, spec, name);
        int n = x.rows();
        int layers = spec.depth() + 1;
        double[][] q = new double[layers + 1][n];
        double[][] theta = new double[layers + 1][n];
        double[] data = x.data();
        int d = x.cols();
        for (int i = 0; i < n; i++) {
            double ss = 0;
            for (int k = 0; k < d; k++) {
                double v = data[i + k * n];
                ss += v * v;
            }
            double s = spec.weightVar(1) * ss / spec.inputDim() + spec.biasVar(1);
            double th = term(1, s);
            q[1][i] = s;
            theta[1][i] = th;
            for (int l = 2; l <= layers; l++) {
                double wv = spec.weightVar(l);
                double sd = wv * dual.selfDerivative(s);
                s = wv * dual.selfValue(s) + spec.biasVar(l);
                th = th * sd + term(l, s);
                q[l][i] = s;
                theta[l][i] = th;
            }
        }
        return new Diagonal(q, theta);
    }

    /** The NTK term of layer l given its Σ^l value. */
    private double term(int l, double s) {
        double b = spec.biasVar(l);
        return spec.weightTermFactor(l) * (s - b) + spec.biasTermFactor(l) * b;
    }

    /**
     * Runs the whole layer recursion for every entry of the lower triangle (symmetric) or of the
     * full matrix, column by column. {@code sigma} holds σ_w,1² xᵢᵀxⱼ/d on entry and Σ^{L+1} on exit.
     */
    private void columns(Diagonal rowDiag, Diagonal colDiag, int m, int n, boolean symmetric, double[] sigma, double[] theta) {
        int layers = spec.depth() + 1;
        double[] wv = new double[layers + 1];
        double[] bv = new double[layers + 1];
        double[] fw = new double[layers + 1];
        double[] fbShift = new double[layers + 1];
        for (int l = 1; l <= layers; l++) {
            wv[l] = spec.weightVar(l);
            bv[l] = spec.biasVar(l);
            fw[l] = spec.weightTermFactor(l);
            fbShift[l] = (spec.biasTermFactor(l) - fw[l]) * bv[l];
        }
        // columns carry N − j entries in the symmetric case; small blocks keep the work-stealing balanced
        int grain = Math.max(1, Math.min(64, (int) (65536L / Math.max(1, m))));
        DualActivation.LayerMap[] maps = new DualActivation.LayerMap[layers + 1];
        for (int l = 2; l <= layers; l++) {
            maps[l] = dual.bind(rowDiag.q[l - 1], colDiag.q[l - 1]);
        }
        ThreadBudget.parallelFor(0, n, grain, (j0, j1) -> {
            double[] c = new double[CHUNK];
            double[] dot = new double[CHUNK];
            double[] th = new double[CHUNK];
            for (int j = j0; j < j1; j++) {
                int start = symmetric ? j : 0;
                for (int i0 = start; i0 < m; i0 += CHUNK) {
                    int len = Math.min(CHUNK, m - i0);
                    int base = i0 + j * m;
                    LayerUpdate.first(sigma, base, bv[1], fw[1], fbShift[1], c, th, len);
                    // the self-similarity is exact (θ = 0, no arccos near ρ = 1): take it from the diagonal recursion
                    boolean diagonalHere = symmetric && i0 == j;
                    if (diagonalHere) {
                        c[0] = rowDiag.q[1][j];
                        th[0] = rowDiag.theta[1][j];
                    }
                    for (int l = 2; l <= layers; l++) {
                        maps[l].cross(i0, j, c, dot, len);
                        LayerUpdate.next(c, dot, th, wv[l], bv[l], fw[l], fbShift[l], len);
                        if (diagonalHere) {
                            c[0] = rowDiag.q[l][j];
                            th[0] = rowDiag.theta[l][j];
                        }
                    }
                    System.arraycopy(c, 0, sigma, base, len);
                    System.arraycopy(th, 0, theta, base, len);
                }
            }
        });
    }

    /** Copies the strict lower triangle onto the upper one, in cache-sized blocks, in parallel. */
    static void mirrorLower(double[] a, int n) {
        final int block = 64;
        ThreadBudget.parallelFor(0, (n + block - 1) / block, 1, (b0, b1) -> {
            for (int bj = b0; bj < b1; bj++) {
                int j0 = bj * block;
                int j1 = Math.min(n, j0 + block);
                for (int i0 = j0; i0 < n; i0 += block) {
                    int i1 = Math.min(n, i0 + block);
                    for (int j = j0; j < j1; j++) {
                        for (int i = Math.max(i0, j + 1); i < i1; i++) {
                            a[j + i * n] = a[i + j * n];
                        }
                    }
                }
            }
        });
    }
}
