package org.ntklab.net;

import java.util.List;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Trans;

/**
 * v ↦ K v for the empirical NTK, never forming K: per hidden layer l,
 * (K_l v)_i = s_w² Σ_a B_ia (G M)_ia with M = Gᵀ diag(v) B (G = G^{l−1}, B = B^l), plus the bias and
 * output-layer terms.
 *
 * <p>Why fused row blocks: the direct form streams four N × m_l arrays through memory per layer
 * (diag(v) B, G M and their Hadamard reduction), which makes the product memory-bound at large N.
 * Here each block of rows forms its slice of diag(v) B and of G M in cache and reduces it at once;
 * the small matrices M are summed from per-block partials in block order. Block sizes depend on N and
 * the widths only, and every GEMM runs on the pure-Java engine, so the product is the same number
 * whatever the thread count or BLAS backend.
 */
final class NtkProduct implements SymmetricOperator {

    /** Upper bound on the doubles held by the per-block partial products. */
    private static final long PARTIAL_BUDGET = 8L << 20;
    private static final int MIN_ROWS = 256;

    private final List<EmpiricalNtk.Part> parts;
    private final int n;
    private final int rows;
    private final int blocks;
    private final int[] offset; // per (part, layer): start of its M in a block's partial
    private final int stride;   // doubles of one block's partial

    NtkProduct(List<EmpiricalNtk.Part> parts, int n) {
        this.parts = parts;
        this.n = n;
        int layers = parts.get(0).net().layers();
        this.offset = new int[parts.size() * (layers + 1)];
        int s = 0;
        for (int c = 0; c < parts.size(); c++) {
            Network net = parts.get(c).net();
            for (int l = 1; l <= layers; l++) {
                offset[c * (layers + 1) + l] = s;
                if (net.spec().isTrainable(l)) {
                    int in = net.width(l - 1);
                    // hidden layer: M (in × m_l) and Bᵀv (m_l); output layer: Gᵀv (in)
                    s += l == layers ? in : in * net.width(l) + net.width(l);
                }
            }
        }
        this.stride = Math.max(s, 1);
        long maxBlocks = Math.max(4, PARTIAL_BUDGET / stride);
        int r = (int) Math.max(MIN_ROWS, (n + maxBlocks - 1) / maxBlocks);
        this.rows = Math.min(r, Math.max(n, 1));
        this.blocks = (n + rows - 1) / rows;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void apply(double[] v, double[] out) {
        double[] partial = new double[blocks * stride];
        ThreadBudget.parallelFor(0, blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                gather(b, v, partial);
            }
        });
        // M = Σ_b partial_b, in block order (fixed whatever the scheduling)
        double[] m = new double[stride];
        ThreadBudget.parallelFor(0, stride, 4096, (k0, k1) -> {
            for (int b = 0; b < blocks; b++) {
                int base = b * stride;
                for (int k = k0; k < k1; k++) {
                    m[k] += partial[base + k];
                }
            }
        });
        double vsum = 0;
        for (double e : v) {
            vsum += e;
        }
        double total = vsum;
        ThreadBudget.parallelFor(0, blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                scatter(b, m, total, out);
            }
        });
    }

    /** Block b's share of every M: Gᵀ diag(v) B and Bᵀ v over its rows. */
    private void gather(int b, double[] v, double[] partial) {
        Blas blas = Backends.javaBackend().blas();
        int i0 = b * rows;
        int h = Math.min(rows, n - i0);
        int layers = parts.get(0).net().layers();
        double[] vb = null;
        for (int c = 0; c < parts.size(); c++) {
            Network net = parts.get(c).net();
            Pass p = parts.get(c).pass();
            for (int l = 1; l <= layers; l++) {
                if (!net.spec().isTrainable(l)) {
                    continue;
                }
                int at = b * stride + offset[c * (layers + 1) + l];
                double[] g = p.features(l - 1);
                int in = net.width(l - 1);
                if (l == layers) {
                    blas.dgemv(Trans.T, h, in, 1.0, g, i0, n, v, i0, 0.0, partial, at);
                    continue;
                }
                int ml = net.width(l);
                double[] bl = p.back()[l];
                if (vb == null || vb.length < h * ml) {
                    vb = new double[h * ml];
                }
                for (int a = 0; a < ml; a++) {
                    int src = i0 + a * n;
                    int dst = a * h;
                    for (int i = 0; i < h; i++) {
                        vb[dst + i] = v[i0 + i] * bl[src + i];
                    }
                }
                blas.dgemm(Trans.T, Trans.N, in, ml, h, 1.0, g, i0, n, vb, 0, h, 0.0, partial, at, in);
                blas.dgemv(Trans.T, h, ml, 1.0, bl, i0, n, v, i0, 0.0, partial, at + in * ml);
            }
        }
    }

    /** Block b's rows of K v from the summed M's. */
    private void scatter(int b, double[] m, double vsum, double[] out) {
        Blas blas = Backends.javaBackend().blas();
        int i0 = b * rows;
        int h = Math.min(rows, n - i0);
        int layers = parts.get(0).net().layers();
        java.util.Arrays.fill(out, i0, i0 + h, 0.0);
        double[] t = null;
        for (int c = 0; c < parts.size(); c++) {
            EmpiricalNtk.Part part = parts.get(c);
            Network net = part.net();
            Pass p = part.pass();
            for (int l = 1; l <= layers; l++) {
                if (!net.spec().isTrainable(l)) {
                    continue;
                }
                int at = offset[c * (layers + 1) + l];
                double sw2 = part.weight() * net.weightScale(l) * net.weightScale(l);
                double sb2 = net.biases(l) == null ? 0 : part.weight() * net.biasScale(l) * net.biasScale(l);
                double[] g = p.features(l - 1);
                int in = net.width(l - 1);
                if (l == layers) {
                    // B = 1: s² G (Gᵀ v) + s_b² Σv
                    blas.dgemv(Trans.N, h, in, sw2, g, i0, n, m, at, 1.0, out, i0);
                    if (sb2 != 0) {
                        for (int i = 0; i < h; i++) {
                            out[i0 + i] += sb2 * vsum;
                        }
                    }
                    continue;
                }
                int ml = net.width(l);
                double[] bl = p.back()[l];
                if (t == null || t.length < h * ml) {
                    t = new double[h * ml];
                }
                // T = G M over the block's rows; (Kv)_i += Σ_a (s_w² T_ia + s_b² (Bᵀv)_a) B_ia
                blas.dgemm(Trans.N, Trans.N, h, ml, in, 1.0, g, i0, n, m, at, in, 0.0, t, 0, h);
                for (int a = 0; a < ml; a++) {
                    int src = i0 + a * n;
                    int col = a * h;
                    double u = sb2 * m[at + in * ml + a];
                    for (int i = 0; i < h; i++) {
                        out[i0 + i] += (sw2 * t[col + i] + u) * bl[src + i];
                    }
                }
            }
        }
    }
}
