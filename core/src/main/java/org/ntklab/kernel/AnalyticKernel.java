package org.ntklab.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.tiled.TileStore;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.linalg.Trans;

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
 * <p>Assembly: over cache-resident 64×64 tiles, in parallel under the thread budget, each tile's
 * inner products by a small GEMM and then every entry's whole layer recursion in one go,
 * vectorised with the Vector API. A symmetric Gram computes the tiles of
 * its lower triangle with exact diagonals (ρ = 1, from the separate diagonal recursion) and writes
 * each also transposed, so the result is exactly symmetric. {@link #ntk(Matrix)} and
 * {@link #nngp(Matrix)} allocate only the matrix they return.
 */
public final class AnalyticKernel {

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

    /** Θ(X, X), N×N (only this matrix is allocated). */
    public Matrix ntk(Matrix x) {
        return symmetric(x, false, true).ntk();
    }

    /** Θ(X*, X), M×N. */
    public Matrix ntk(Matrix xTest, Matrix x) {
        return rectangular(xTest, x, false, true).ntk();
    }

    /** Σ(X, X), N×N (only this matrix is allocated). */
    public Matrix nngp(Matrix x) {
        return symmetric(x, true, false).nngp();
    }

    /** Σ(X*, X), M×N. */
    public Matrix nngp(Matrix xTest, Matrix x) {
        return rectangular(xTest, x, true, false).nngp();
    }

    /** Σ(x_i, x_i) and Θ(x_i, x_i) for every row of X, without the N×N matrices. */
    public KernelDiagonal diag(Matrix x) {
        Diagonal d = diagonalRecursion(x, "X");
        int last = spec.depth() + 1;
        return new KernelDiagonal(d.q[last].clone(), d.theta[last].clone());
    }

    /** NNGP and NTK of X against itself, exactly symmetric. */
    public KernelPair compute(Matrix x) {
        return symmetric(x, true, true);
    }

    /** NNGP and NTK between the rows of X* (M) and of X (N): M×N matrices. */
    public KernelPair compute(Matrix xTest, Matrix x) {
        return rectangular(xTest, x, true, true);
    }

    /**
     * Streams Θ(X, X) or Σ(X, X) into {@code store} tile by tile (exactly symmetric), telling
     * {@code tilesDone} the running count of the {@link TiledGram#tileCount} tiles: no N×N array is
     * allocated, so the matrix may live in a memory-mapped file of any size.
     */
    public void write(Matrix x, KernelKind kind, TileStore store, LongConsumer tilesDone) {
        Diagonal d = diagonalRecursion(x, "X");
        boolean ntk = kind == KernelKind.NTK;
        tiles(d, d, x, x, true, ntk ? null : store, ntk ? store : null, tilesDone);
    }

    /** Streams Θ(X*, X) or Σ(X*, X), M×N, into {@code store} as {@link #write(Matrix, KernelKind, TileStore, LongConsumer)}. */
    public void write(Matrix xTest, Matrix x, KernelKind kind, TileStore store, LongConsumer tilesDone) {
        Diagonal dRow = diagonalRecursion(xTest, "X*");
        Diagonal dCol = diagonalRecursion(x, "X");
        boolean ntk = kind == KernelKind.NTK;
        TileStore sigma = ntk ? null : store;
        TileStore theta = ntk ? store : null;
        tiles(dRow, dCol, xTest, x, false, sigma, theta, tilesDone);
        exactSelfPairs(xTest, x, dCol, sigma, theta);
    }

    private KernelPair symmetric(Matrix x, boolean wantNngp, boolean wantNtk) {
        Diagonal d = diagonalRecursion(x, "X");
        int n = x.rows();
        int count = (wantNngp ? 1 : 0) + (wantNtk ? 1 : 0);
        MemoryCheck.requireArrays(count, n, n, "the " + n + "×" + n + " kernel " + (count > 1 ? "matrices" : "matrix"));
        double[] sigma = wantNngp ? new double[n * n] : null;
        double[] theta = wantNtk ? new double[n * n] : null;
        tiles(d, d, x, x, true, store(sigma, n), store(theta, n), done -> { });
        return new KernelPair(sigma == null ? null : new Matrix(n, n, sigma), theta == null ? null : new Matrix(n, n, theta));
    }

    private KernelPair rectangular(Matrix xTest, Matrix x, boolean wantNngp, boolean wantNtk) {
        Diagonal dRow = diagonalRecursion(xTest, "X*");
        Diagonal dCol = diagonalRecursion(x, "X");
        int m = xTest.rows();
        int n = x.rows();
        int count = (wantNngp ? 1 : 0) + (wantNtk ? 1 : 0);
        MemoryCheck.requireArrays(count, m, n, "the " + m + "×" + n + " kernel " + (count > 1 ? "matrices" : "matrix"));
        double[] sigma = wantNngp ? new double[m * n] : null;
        double[] theta = wantNtk ? new double[m * n] : null;
        TileStore sigmaStore = store(sigma, m);
        TileStore thetaStore = store(theta, m);
        tiles(dRow, dCol, xTest, x, false, sigmaStore, thetaStore, done -> { });
        exactSelfPairs(xTest, x, dCol, sigmaStore, thetaStore);
        return new KernelPair(sigma == null ? null : new Matrix(m, n, sigma), theta == null ? null : new Matrix(m, n, theta));
    }

    private static TileStore store(double[] out, int rows) {
        return out == null ? null : TileStore.columnMajor(out, rows);
    }

    /**
     * A test point identical to a training point is a self-pair: give it the exact diagonal value
     * (θ = 0) rather than an arccos of a correlation that rounding left just below 1.
     */
    private void exactSelfPairs(Matrix xTest, Matrix x, Diagonal dCol, TileStore sigma, TileStore theta) {
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
                    if (sigma != null) {
                        sigma.set(i, j, dCol.q[last][j]);
                    }
                    if (theta != null) {
                        theta.set(i, j, dCol.theta[last][j]);
                    }
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

    /** √q per point. */
    private static double[] roots(double[] q) {
        double[] s = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            s[i] = Math.sqrt(q[i]);
        }
        return s;
    }

    /** The rows of x scaled to unit Euclidean norm (column-major copy; rows are nonzero here). */
    private static Matrix unitRows(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] a = x.data();
        double[] inv = new double[n];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) {
                inv[i] += a[i + k * n] * a[i + k * n];
            }
        }
        for (int i = 0; i < n; i++) {
            inv[i] = 1 / Math.sqrt(inv[i]);
        }
        double[] u = new double[n * d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) {
                u[i + k * n] = a[i + k * n] * inv[i];
            }
        }
        return new Matrix(n, d, u);
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
     * Computes every entry, tile by tile, in parallel: the tile's inner products σ_w,1² xᵢᵀxⱼ/d by
     * one small GEMM (the pure-Java engine, sequential inside the task: no intermediate N×N pass
     * through memory, and the same arithmetic whatever the backend), then the whole layer recursion
     * on the cache-resident tile. A symmetric Gram visits the lower triangle's tiles only, takes
     * self-pairs from the diagonal recursion (θ = 0, no arccos near ρ = 1), and writes each tile
     * also transposed into the upper triangle, so the result is exactly symmetric.
     */
    private void tiles(Diagonal rowDiag, Diagonal colDiag, Matrix rowsX, Matrix colsX, boolean symmetric,
                       TileStore sigmaOut, TileStore thetaOut, LongConsumer tilesDone) {
        int m = rowsX.rows();
        int n = colsX.rows();
        int d = rowsX.cols();
        double scale = spec.weightVar(1) / spec.inputDim();
        Blas tileBlas = Backends.javaBackend().blas();
        Layers layers = Layers.of(spec);
        int last = layers.count();
        double[] sRow = roots(rowDiag.q[1]);
        DualActivation.ColumnRecursion correlations = dual.bindCorrelations(sRow,
                symmetric ? sRow : roots(colDiag.q[1]), layers);
        DualActivation.ColumnRecursion recursion = correlations != null ? correlations
                : dual.bindAll(rowDiag.q, colDiag.q, layers);
        // the correlation form starts from ρ¹ = x̂ᵢᵀx̂ⱼ of unit-norm rows: no first affine pass
        Matrix rowsIn = correlations != null ? unitRows(rowsX) : rowsX;
        Matrix colsIn = correlations == null ? colsX : symmetric ? rowsIn : unitRows(colsX);
        double alpha = correlations != null ? 1.0 : scale;
        TiledGram.fill(m, n, symmetric, 1, (i0, j0, h, w, tiles, scratch) -> {
            double[] c = tiles[0];
            double[] th = tiles[1];
            double[] dot = scratch[0];
            tileBlas.dgemm(Trans.N, Trans.T, h, w, d, alpha, rowsIn.data(), i0, m, colsIn.data(), j0, n, 0.0, c, 0, h);
            if (correlations == null) {
                LayerUpdate.first(c, th, h * w, layers.b()[1], layers.fw()[1], layers.shift()[1]);
            }
            for (int col = 0; col < w; col++) {
                recursion.run(i0, j0 + col, c, dot, th, col * h, h);
            }
            if (symmetric && i0 == j0) {
                // entries are independent through the layers, so the exact self-pair values
                // (θ = 0 at every layer) can simply replace the computed ones at the end
                for (int k = 0; k < h; k++) {
                    c[k + k * h] = rowDiag.q[last][i0 + k];
                    th[k + k * h] = rowDiag.theta[last][i0 + k];
                }
            }
        }, tilesDone, sigmaOut, thetaOut);
    }
}
