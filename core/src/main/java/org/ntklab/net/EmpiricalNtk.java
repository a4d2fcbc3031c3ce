package org.ntklab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The empirical (finite-width) NTK K(x, x') = ⟨∇_θ f(x), ∇_θ f(x')⟩ over the trainable layers,
 * three ways (formulas sheet §4):
 * <ul>
 *   <li>{@link #structured}: K = Σ_l s_W,l² (G^{l−1}G^{l−1}ᵀ) ∘ (B^l B^lᵀ) + s_b,l² B^l B^lᵀ, tile by
 *   tile (two small GEMMs per layer per tile; only the lower triangle's tiles for K(X, X)):
 *   O(N² Σ m_l) work, no Jacobian;</li>
 *   <li>{@link #jacobian}: J Jᵀ by SYRK, O(N² P): the cross-check;</li>
 *   <li>{@link #operator}: v ↦ K v without forming K, O(N Σ m_{l−1} m_l) work and O(N Σ m_l) memory.</li>
 * </ul>
 * A mirrored network's kernel is the average of its copies' (see {@link FiniteNetwork}).
 *
 * <p>A network with k &gt; 1 outputs has the Nk × Nk kernel Θ_{(i,a),(j,b)} = ⟨∇f_a(x_i), ∇f_b(x_j)⟩,
 * indexed i + a·N like its outputs. Block (a, b) is the structured formula with B_a^l = ∂f_a/∂h^l on
 * the rows and B_b^l on the columns; the output layer adds only to the diagonal blocks (output a's
 * row of W^{L+1} moves f_a alone). {@link #structured(FiniteNetwork, Matrix)}, {@link
 * #structured(FiniteNetwork, Matrix, Matrix)} and {@link #operator} take any k; the single-precision
 * tiles and the explicit Jacobian are for a scalar output.
 */
public final class EmpiricalNtk {

    private EmpiricalNtk() {
    }

    /** One copy's forward pass with its weight in the kernel sum. */
    record Part(Network net, Pass pass, double weight) {
    }

    private static List<Part> parts(FiniteNetwork f, Matrix x) {
        List<Part> parts = new ArrayList<>();
        double[] ws = f.outputWeights();
        List<Network> copies = f.copies();
        for (int c = 0; c < copies.size(); c++) {
            Pass p = copies.get(c).forward(x);
            for (int a = 0; a < f.outputs(); a++) {
                p.back(a); // before the tiles run in parallel
            }
            parts.add(new Part(copies.get(c), p, ws[c] * ws[c]));
        }
        return parts;
    }

    /** K(X, X) by the structured formula, exactly symmetric (Nk × Nk for k outputs). */
    public static Matrix structured(FiniteNetwork f, Matrix x) {
        int n = x.rows();
        int k = f.outputs();
        long size = (long) n * k;
        MemoryCheck.requireArray(size, size, "the " + size + "×" + size + " empirical NTK");
        List<Part> parts = parts(f, x);
        if (k == 1) {
            double[] kernel = new double[n * n];
            TiledGram.fill(n, n, true, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(parts, parts, SCALAR, SCALAR, i0, j0, h, w,
                    tiles, scratch), kernel);
            return new Matrix(n, n, kernel);
        }
        return blocks(parts, parts, n, n, k, true);
    }

    /** Block (0, 0) alone: the kernel of a scalar output. */
    private static final int[] SCALAR = {0};

    /**
     * The Mk × Nk kernel of k outputs. Every block shares its factors G^{l−1}G^{l−1}ᵀ, so each tile
     * forms them once and then the B_a B_bᵀ of every block (a, b): with {@code same} (rows and
     * columns the same points) only blocks a ≥ b, block (b, a) being block (a, b) transposed and the
     * diagonal blocks mirrored from their lower triangle so that the kernel is exactly symmetric.
     */
    private static Matrix blocks(List<Part> rows, List<Part> cols, int m, int n, int k, boolean same) {
        int count = same ? k * (k + 1) / 2 : k * k;
        int[] ra = new int[count];
        int[] cb = new int[count];
        int q = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < (same ? a + 1 : k); b++, q++) {
                ra[q] = a;
                cb[q] = b;
            }
        }
        MemoryCheck.requireArray((long) count * m, n, "the " + count + " blocks of the empirical NTK");
        double[][] block = new double[count][m * n];
        TiledGram.fill(m, n, false, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(rows, cols, ra, cb, i0, j0, h, w, tiles,
                scratch), block);
        int mk = m * k;
        double[] kernel = new double[mk * n * k];
        for (q = 0; q < count; q++) {
            int a = ra[q];
            int b = cb[q];
            double[] bl = block[q];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double v = same && a == b && i < j ? bl[j + i * m] : bl[i + j * m];
                    kernel[(a * m + i) + (b * n + j) * mk] = v;
                    if (same && a != b) {
                        kernel[(b * n + j) + (a * m + i) * mk] = v;
                    }
                }
            }
        }
        return new Matrix(mk, n * k, kernel);
    }

    /**
     * K(X, X) by the structured formula into single-precision tiles (any N the heap holds: 4·N²/2
     * bytes), telling {@code progress} the fraction done; the tiles are computed in double
     * precision and rounded once.
     */
    public static TiledSingleCholesky structuredSingle(FiniteNetwork f, Matrix x, DoubleConsumer progress) {
        scalarOnly(f, "the single-precision empirical NTK");
        int n = x.rows();
        TiledSingleCholesky k = TiledSingleCholesky.allocate(n);
        List<Part> parts = parts(f, x);
        double total = TiledGram.tileCount(n, n, true);
        TiledGram.fill(n, n, true, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(parts, parts, SCALAR, SCALAR, i0, j0, h, w, tiles, scratch),
                done -> progress.accept(done / total), k);
        return k;
    }

    /** K(X*, X) by the structured formula: M×N (Mk × Nk for k outputs). */
    public static Matrix structured(FiniteNetwork f, Matrix xTest, Matrix x) {
        int m = xTest.rows();
        int n = x.rows();
        int k = f.outputs();
        MemoryCheck.requireArray((long) m * k, (long) n * k, "the " + (long) m * k + "×" + (long) n * k + " empirical NTK");
        List<Part> rows = parts(f, xTest);
        List<Part> cols = parts(f, x);
        if (k > 1) {
            return blocks(rows, cols, m, n, k, false);
        }
        double[] kernel = new double[m * n];
        TiledGram.fill(m, n, false, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(rows, cols, SCALAR, SCALAR, i0, j0, h, w,
                tiles, scratch), kernel);
        return new Matrix(m, n, kernel);
    }

    private static void scalarOnly(FiniteNetwork f, String what) {
        if (f.outputs() != 1) {
            throw new IllegalArgumentException(what + " is for a scalar output; this network has " + f.outputs());
        }
    }

    /**
     * Tile (i0, j0) of every block q: outputs ra[q] on the rows, cb[q] on the columns, into
     * {@code acc[q]}. The factor G^{l−1}G^{l−1}ᵀ of each layer is formed once for all blocks.
     */
    private static void structuredTile(List<Part> rows, List<Part> cols, int[] ra, int[] cb, int i0, int j0, int h, int w,
                                       double[][] acc, double[][] scratch) {
        Blas blas = Backends.javaBackend().blas();
        int len = h * w;
        for (double[] t : acc) {
            java.util.Arrays.fill(t, 0, len, 0.0);
        }
        double[] gg = scratch[0];
        double[] bb = scratch[1];
        for (int c = 0; c < rows.size(); c++) {
            Network net = rows.get(c).net;
            Pass pr = rows.get(c).pass;
            Pass pc = cols.get(c).pass;
            double weight = rows.get(c).weight;
            int nr = pr.n();
            int nc = pc.n();
            int layers = net.layers();
            for (int l = 1; l <= layers; l++) {
                if (!net.spec().isTrainable(l)) {
                    continue;
                }
                double sw = net.weightScale(l);
                double sb = net.biases(l) == null ? 0 : net.biasScale(l);
                double bias = weight * sb * sb;
                blas.dgemm(Trans.N, Trans.T, h, w, net.width(l - 1), weight * sw * sw, pr.features(l - 1), i0, nr,
                        pc.features(l - 1), j0, nc, 0.0, gg, 0, h);
                for (int q = 0; q < acc.length; q++) {
                    double[] t = acc[q];
                    if (l == layers) {
                        // B^{L+1} B^{L+1}ᵀ is all ones on a diagonal block and zero off it: output a's row of W^{L+1} moves f_a alone
                        if (ra[q] == cb[q]) {
                            for (int k = 0; k < len; k++) {
                                t[k] += gg[k] + bias;
                            }
                        }
                    } else {
                        blas.dgemm(Trans.N, Trans.T, h, w, net.width(l), 1.0, pr.back(ra[q])[l], i0, nr, pc.back(cb[q])[l], j0, nc, 0.0,
                                bb, 0, h);
                        for (int k = 0; k < len; k++) {
                            t[k] += (gg[k] + bias) * bb[k];
                        }
                    }
                }
            }
        }
    }

    /**
     * Refuses, before any network is drawn, an N × P Jacobian of {@code spec} that {@link #jacobian}
     * could not hold: drawing a network that wide takes seconds and gigabytes of its own.
     */
    public static void requireJacobian(ArchitectureSpec spec, int n) {
        Network.requireJacobian(n, spec.trainableParameters());
    }

    /** K(X, X) = J Jᵀ from the explicit Jacobian (N × P): the cross-check of the structured formula. */
    public static Matrix jacobian(FiniteNetwork f, Matrix x) {
        scalarOnly(f, "the explicit-Jacobian NTK");
        int n = x.rows();
        MemoryCheck.requireArray(n, n, "the " + n + "×" + n + " empirical NTK");
        double[] k = new double[n * n];
        for (Part part : parts(f, x)) {
            Matrix j = part.net.jacobian(part.pass, 0, n);
            Backends.blas().dsyrk(Uplo.LOWER, Trans.N, n, j.cols(), part.weight, j.data(), 0, n, 1.0, k, 0, n);
        }
        for (int c = 0; c < n; c++) {
            for (int r = c + 1; r < n; r++) {
                k[c + r * n] = k[r + c * n];
            }
        }
        return new Matrix(n, n, k);
    }

    /**
     * v ↦ K(X, X) v without forming K: memory O(N Σ m_l) (see {@link NtkProduct}); for k outputs,
     * v ↦ Σ_c w_c² J_c (J_cᵀ v) by a backward and a forward-mode pass per copy.
     */
    public static SymmetricOperator operator(FiniteNetwork f, Matrix x) {
        if (f.outputs() == 1) {
            return new NtkProduct(parts(f, x), x.rows());
        }
        List<Part> parts = new ArrayList<>();
        double[] ws = f.outputWeights();
        for (int c = 0; c < f.copies().size(); c++) {
            parts.add(new Part(f.copies().get(c), f.copies().get(c).forward(x), ws[c] * ws[c]));
        }
        int size = x.rows() * f.outputs();
        return new SymmetricOperator() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void apply(double[] v, double[] out) {
                java.util.Arrays.fill(out, 0, size, 0.0);
                for (Part p : parts) {
                    Network.Gradient g = p.net().gradient(p.pass(), v);
                    double[] jv = p.net().jvp(p.pass(), g.weights(), g.biases());
                    for (int q = 0; q < size; q++) {
                        out[q] += p.weight() * jv[q];
                    }
                }
            }
        };
    }

    /**
     * The empirical NNGP: the Gram of the last hidden layer's features as the output layer sees
     * them, σ_w,L+1²/m_L · G^L G^Lᵀ + σ_b,L+1² (averaged over a mirrored network's copies).
     */
    public static Matrix nngp(FiniteNetwork f, Matrix x) {
        int n = x.rows();
        MemoryCheck.requireArray(n, n, "the " + n + "×" + n + " empirical NNGP");
        ArchitectureSpec spec = f.spec();
        int last = spec.depth() + 1;
        double scale = spec.weightVar(last) / spec.width(last - 1);
        double bias = spec.biasVar(last);
        double[] k = new double[n * n];
        List<Network> copies = f.copies();
        for (Network net : copies) {
            Pass p = net.forward(x);
            Backends.blas().dsyrk(Uplo.LOWER, Trans.N, n, net.width(last - 1), scale / copies.size(), p.features(last - 1), 0, n,
                    1.0, k, 0, n);
        }
        for (int c = 0; c < n; c++) {
            k[c + c * n] += bias;
            for (int r = c + 1; r < n; r++) {
                k[r + c * n] += bias;
                k[c + r * n] = k[r + c * n];
            }
        }
        return new Matrix(n, n, k);
    }
}
