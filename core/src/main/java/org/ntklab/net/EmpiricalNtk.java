package org.ntklab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.TiledGram;
import org.ntklab.linalg.TiledSingleCholesky;
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
            p.back();
            parts.add(new Part(copies.get(c), p, ws[c] * ws[c]));
        }
        return parts;
    }

    /** K(X, X) by the structured formula, exactly symmetric. */
    public static Matrix structured(FiniteNetwork f, Matrix x) {
        int n = x.rows();
        MemoryCheck.requireArray(n, n, "the " + n + "×" + n + " empirical NTK");
        List<Part> parts = parts(f, x);
        double[] k = new double[n * n];
        TiledGram.fill(n, n, true, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(parts, parts, i0, j0, h, w, tiles[0], scratch),
                k);
        return new Matrix(n, n, k);
    }

    /**
     * K(X, X) by the structured formula into single-precision tiles (any N the heap holds: 4·N²/2
     * bytes), telling {@code progress} the fraction done; the tiles are computed in double
     * precision and rounded once.
     */
    public static TiledSingleCholesky structuredSingle(FiniteNetwork f, Matrix x, DoubleConsumer progress) {
        int n = x.rows();
        TiledSingleCholesky k = TiledSingleCholesky.allocate(n);
        List<Part> parts = parts(f, x);
        double total = TiledGram.tileCount(n, n, true);
        TiledGram.fill(n, n, true, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(parts, parts, i0, j0, h, w, tiles[0], scratch),
                done -> progress.accept(done / total), k);
        return k;
    }

    /** K(X*, X) by the structured formula: M×N. */
    public static Matrix structured(FiniteNetwork f, Matrix xTest, Matrix x) {
        int m = xTest.rows();
        int n = x.rows();
        MemoryCheck.requireArray(m, n, "the " + m + "×" + n + " empirical NTK");
        List<Part> rows = parts(f, xTest);
        List<Part> cols = parts(f, x);
        double[] k = new double[m * n];
        TiledGram.fill(m, n, false, 2, (i0, j0, h, w, tiles, scratch) -> structuredTile(rows, cols, i0, j0, h, w, tiles[0], scratch), k);
        return new Matrix(m, n, k);
    }

    private static void structuredTile(List<Part> rows, List<Part> cols, int i0, int j0, int h, int w, double[] acc,
                                       double[][] scratch) {
        Blas blas = Backends.javaBackend().blas();
        java.util.Arrays.fill(acc, 0, h * w, 0.0);
        double[] gg = scratch[0];
        double[] bb = scratch[1];
        int len = h * w;
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
                blas.dgemm(Trans.N, Trans.T, h, w, net.width(l - 1), weight * sw * sw, pr.features(l - 1), i0, nr,
                        pc.features(l - 1), j0, nc, 0.0, gg, 0, h);
                if (l == layers) {
                    // B^{L+1} = 1: the Hadamard factor is all ones
                    double bias = weight * sb * sb;
                    for (int k = 0; k < len; k++) {
                        acc[k] += gg[k] + bias;
                    }
                } else {
                    blas.dgemm(Trans.N, Trans.T, h, w, net.width(l), 1.0, pr.back()[l], i0, nr, pc.back()[l], j0, nc, 0.0, bb, 0, h);
                    double bias = weight * sb * sb;
                    for (int k = 0; k < len; k++) {
                        acc[k] += (gg[k] + bias) * bb[k];
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

    /** v ↦ K(X, X) v without forming K: memory O(N Σ m_l) (see {@link NtkProduct}). */
    public static SymmetricOperator operator(FiniteNetwork f, Matrix x) {
        return new NtkProduct(parts(f, x), x.rows());
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
