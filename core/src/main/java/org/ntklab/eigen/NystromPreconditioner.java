package org.ntklab.eigen;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * A rank-r Nyström approximation K ≈ U Λ̂ Uᵀ of a PSD operator from r of its columns, used as the
 * preconditioner P⁻¹ = U (Λ̂ + μI)⁻¹ Uᵀ + (I − UUᵀ)/μ with μ = λ̂_r (Frangella, Tropp &amp; Udell,
 * "Randomized Nyström preconditioning", 2023).
 *
 * <p>Why: the bottom of an NTK spectrum sits far below its top (λ_max/λ_min ~ 10⁵ at N = 65536),
 * so Krylov methods on K alone need thousands of products to resolve λ_min. Deflating the top r
 * eigen-directions leaves an operator whose spectrum spans only [λ_min, ~λ_r], and preconditioned
 * iterations then converge in tens to hundreds of products. Only a preconditioner: it changes the
 * speed of convergence, never the eigenpair the iteration converges to or its reported residual.
 *
 * <p>Built stably: with C = K[:, S] and W = K[S, S], L = chol(W + νI), B = C L⁻ᵀ (so BBᵀ = C(W + νI)⁻¹Cᵀ),
 * the thin SVD of B from the eigen-decomposition of BᵀB, and λ̂ = max(σ² − ν, 0). U is kept in
 * single precision ({@link FloatBasis}): it is read twice per application, and at large n that
 * traffic, not arithmetic, is the preconditioner's cost.
 */
final class NystromPreconditioner {

    /** Columns K[:, S] of the operator for a set S of indices. */
    @FunctionalInterface
    interface ColumnSource {
        /** The n × |S| matrix of columns {@code indices}. */
        Matrix columns(int[] indices);
    }

    private final int n;
    private final int r;
    private final FloatBasis u;   // n × r, orthonormal columns
    private final double[] scale; // 1/(λ̂_j + μ) − 1/μ
    private final double mu;

    private NystromPreconditioner(int n, int r, FloatBasis u, double[] lambda) {
        this.n = n;
        this.r = r;
        this.u = u;
        // λ̂_r can be ~0 when the sampled columns span a singular block (rank ≥ the operator's rank):
        // a floor relative to λ̂_1 keeps P⁻¹ bounded without changing what the iteration converges to
        this.mu = Math.max(lambda[r - 1], 1e-10 * lambda[0]);
        this.scale = new double[r];
        for (int j = 0; j < r; j++) {
            scale[j] = 1 / (lambda[j] + mu) - 1 / mu;
        }
    }

    /**
     * The preconditioner from {@code rank} columns chosen uniformly at random with {@code seed}, or
     * null when the sampled block is numerically zero (nothing to deflate).
     */
    static NystromPreconditioner build(int n, int rank, ColumnSource source, long seed) {
        int r = Math.min(rank, n);
        // the n × r columns in double, then the basis in single precision: 12·n·r bytes at the peak
        MemoryCheck.requireArrays(3, n, (r + 1) / 2, "the rank-" + r + " Nyström preconditioner of an operator of order " + n);
        int[] s = sample(n, r, seed);
        Matrix cm = source.columns(s);
        if (cm.rows() != n || cm.cols() != r) {
            throw new IllegalStateException("the column source gave " + cm.rows() + "×" + cm.cols() + ", expected " + n + "×" + r);
        }
        double[] c = cm.data();
        double[] w = new double[r * r];
        double trace = 0;
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < r; i++) {
                w[i + j * r] = 0.5 * (c[s[i] + j * n] + c[s[j] + i * n]);
            }
            trace += w[j + j * r];
        }
        if (!(trace > 0)) {
            return null;
        }
        // a shift of order u·tr(W) keeps the Cholesky of a rank-deficient W defined; it is removed from λ̂ below
        double nu = 1e-12 * trace;
        for (int j = 0; j < r; j++) {
            w[j + j * r] += nu;
        }
        if (Backends.lapack().dpotrf(Uplo.LOWER, r, w, 0, r) != 0) {
            return null; // W + νI not positive definite: the operator is not PSD on these columns
        }
        Blas blas = Backends.blas();
        // B = C L⁻ᵀ, in place of C
        blas.dtrsm(Side.RIGHT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, n, r, 1.0, w, 0, r, c, 0, n);
        double[] g = new double[r * r];
        blas.dsyrk(Uplo.LOWER, Trans.T, r, n, 1.0, c, 0, n, 0.0, g, 0, r);
        double[] sigma2 = new double[r];
        double[] vecs = new double[r * r];
        if (Backends.lapack().symmetricEigen(true, r, g, vecs, sigma2) != 0) {
            return null;
        }
        // eigenvalues ascending: keep the directions with σ² well above rounding, largest first
        double top = Math.max(sigma2[r - 1], 0);
        int kept = 0;
        for (int j = r - 1; j >= 0 && sigma2[j] > 1e-10 * top; j--) {
            kept++;
        }
        if (kept == 0) {
            return null;
        }
        double[] v = new double[r * kept];
        double[] lambda = new double[kept];
        for (int k = 0; k < kept; k++) {
            int j = r - 1 - k;
            double sj = Math.sqrt(sigma2[j]);
            for (int i = 0; i < r; i++) {
                v[i + k * r] = vecs[i + j * r] / sj; // V Σ⁻¹
            }
            lambda[k] = Math.max(sigma2[j] - nu, 0);
        }
        return new NystromPreconditioner(n, kept, basis(c, n, r, v, kept), lambda);
    }

    /** U = B V Σ⁻¹ (n × kept) by blocks of rows, rounded to single precision as it is formed. */
    private static FloatBasis basis(double[] b, int n, int r, double[] v, int kept) {
        float[] u = new float[Math.multiplyExact(n, kept)];
        int h = (int) Math.max(64, Math.min(n, (4L << 20) / kept));
        double[] block = new double[h * kept];
        Blas blas = Backends.blas();
        for (int i0 = 0; i0 < n; i0 += h) {
            int rows = Math.min(h, n - i0);
            blas.dgemm(Trans.N, Trans.N, rows, kept, r, 1.0, b, i0, n, v, 0, r, 0.0, block, 0, rows);
            for (int k = 0; k < kept; k++) {
                for (int i = 0; i < rows; i++) {
                    u[i0 + i + k * n] = (float) block[i + k * rows];
                }
            }
        }
        return new FloatBasis(n, kept, u);
    }

    private static int[] sample(int n, int r, long seed) {
        // a partial Fisher–Yates shuffle: r distinct indices, a function of (n, r, seed) only
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x4e7973747230L);
        for (int i = 0; i < r; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] s = Arrays.copyOf(idx, r);
        Arrays.sort(s);
        return s;
    }

    /** The rank actually kept. */
    int rank() {
        return r;
    }

    /** μ = λ̂_r, the smallest kept Nyström eigenvalue. */
    double mu() {
        return mu;
    }

    /** out := P⁻¹ v = v/μ + U diag(1/(λ̂ + μ) − 1/μ) Uᵀ v. */
    void apply(double[] v, double[] out) {
        double[] t = new double[r];
        u.transposeTimes(v, t);
        for (int j = 0; j < r; j++) {
            t[j] *= scale[j];
        }
        u.times(t, 1 / mu, v, out);
    }
}
