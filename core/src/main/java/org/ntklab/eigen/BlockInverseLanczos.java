package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Trans;

/**
 * Block shift-invert Lanczos with full reorthogonalisation on an approximate inverse
 * (K − σI)⁻¹ given as a block solver (in practice a single-precision Cholesky factor): a block
 * solve costs about one memory pass of the factor, like a single solve, so {@value #BLOCK} vectors
 * per step come almost free. Rayleigh–Ritz on the projected inverse gives Ritz values θ₁ ≤ θ₂ of K,
 * the residual interval of θ₁ and a Kato–Temple estimate of its error, tightened by the Ritz values'
 * own convergence ({@link #extrapolate}). Used by {@link GapCertificate} (to place its proof) and
 * {@link SingleFactorEigen} (to start its double-precision refinement).
 */
final class BlockInverseLanczos {

    /** Vectors per block. */
    static final int BLOCK = 16;

    /** Solves (K − σI) X = B approximately for the n×count column-major block B, in place. */
    @FunctionalInterface
    interface BlockSolver {
        void solve(float[] b, int count);
    }

    /** When a phase may stop early: θ₁ is located well enough. */
    @FunctionalInterface
    interface Located {
        boolean test(double theta1, double theta2, double estimate);
    }

    private final int n;
    private final long seed;
    private final BlockSolver solver;
    private final Blas blas = Backends.blas();
    private double sigma;
    private int solves;

    // the result of the last phase
    private double theta1;
    private double theta2;
    private double halfWidth;
    private double estimate;
    private double[] ritz; // n×BLOCK, column-major

    BlockInverseLanczos(int n, long seed, BlockSolver solver) {
        this.n = n;
        this.seed = seed;
        this.solver = solver;
    }

    /** θ₁ of the last phase. */
    double theta1() {
        return theta1;
    }

    /** θ₂ of the last phase. */
    double theta2() {
        return theta2;
    }

    /** Half-width h of θ₁'s residual interval: some eigenvalue lies within h of θ₁. */
    double halfWidth() {
        return halfWidth;
    }

    /** The estimate of θ₁'s error (Kato–Temple, tightened by extrapolation). */
    double estimate() {
        return estimate;
    }

    /** The n×{@value #BLOCK} leading Ritz vectors of the last phase, column-major, θ₁'s first. */
    double[] ritzVectors() {
        return ritz;
    }

    /** Block solves so far, counted per vector. */
    int solves() {
        return solves;
    }

    /**
     * One locating phase at the current shift from the n×BLOCK start block: sets θ₁, θ₂, the
     * residual interval h of θ₁, its Kato–Temple error estimate and the BLOCK leading Ritz vectors.
     */
    void phase(double[] start, int steps, double shift, Located located) {
        sigma = shift;
        estimate = Double.POSITIVE_INFINITY;
        int b = BLOCK;
        double[] v = new double[n * b * (steps + 1)];
        double[] w = new double[n * b * steps];
        System.arraycopy(start, 0, v, 0, n * b);
        orthonormalise(v, 0, b, 0);
        float[] rhs = new float[n * b];
        // θ₁, θ₂, their last moves and the last ratios of moves
        double[] last = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        for (int step = 0; step < steps; step++) {
            int m = (step + 1) * b;
            int off = step * b * n;
            for (int i = 0; i < n * b; i++) {
                rhs[i] = (float) v[off + i];
            }
            solver.solve(rhs, b);
            solves += b;
            for (int i = 0; i < n * b; i++) {
                w[off + i] = rhs[i];
            }
            ritz(v, w, m);
            extrapolate(last);
            if (located.test(theta1, theta2, estimate) || step == steps - 1) {
                return;
            }
            System.arraycopy(w, off, v, m * n, n * b);
            orthonormalise(v, m, b, m);
        }
    }

    /**
     * Tightens the error estimate by the Ritz values' own convergence: θ₁ falls monotonically as the
     * basis grows, about geometrically once the shift is close, so after moves d' = q·d the rest is
     * about d'·q/(1 − q), with q the larger of the last two ratios (a single small ratio is common in
     * the first steps, before the slow phase). The Kato–Temple estimate alone over-states the error on
     * a clustered bottom, where the residual is made of many nearby directions: at N = 8192 it was
     * 500× the true error. Both θ₁ and θ₂ must have settled, since the certificate's shift goes
     * between them.
     */
    private void extrapolate(double[] last) {
        double d1 = Math.abs(last[0] - theta1);
        double d2 = Math.abs(last[1] - theta2);
        double q1 = d1 / last[2];
        double q2 = d2 / last[3];
        double e1 = rest(d1, Math.max(q1, last[4]));
        double e2 = rest(d2, Math.max(q2, last[5]));
        last[0] = theta1;
        last[1] = theta2;
        last[2] = d1;
        last[3] = d2;
        last[4] = q1;
        last[5] = q2;
        double e = Math.max(e1, 0.5 * e2);
        if (e < estimate) {
            estimate = e;
        }
    }

    /** The extrapolated remaining move after a move {@code d} at ratio q; +∞ when q is unknown or not clearly contracting. */
    private static double rest(double d, double q) {
        return q >= 0 && q < 0.6 ? d * q / (1 - q) : Double.POSITIVE_INFINITY;
    }

    /**
     * The eigenvectors (m×m, column-major) and ascending eigenvalues ({@code vals}) of VᵀW on the
     * first m columns of the n-row bases V and W, symmetrised: the Rayleigh–Ritz step of both the
     * inverse here and the operator in {@link SingleFactorEigen}. A small dense problem, so the
     * single-threaded Java LAPACK solves it, which keeps it deterministic.
     */
    static double[] projectedEigen(Blas blas, double[] v, double[] w, int n, int m, double[] vals, String what) {
        double[] t = new double[m * m];
        blas.dgemm(Trans.T, Trans.N, m, m, n, 1.0, v, 0, n, w, 0, n, 0.0, t, 0, m);
        for (int j = 0; j < m; j++) {
            for (int i = j + 1; i < m; i++) {
                double s = 0.5 * (t[i + j * m] + t[j + i * m]);
                t[i + j * m] = s;
                t[j + i * m] = s;
            }
        }
        double[] vecs = new double[m * m];
        if (Backends.javaBackend().lapack().symmetricEigen(true, m, t, vecs, vals) != 0) {
            throw new IllegalStateException("the eigen-solver failed on the " + m + "×" + m + " " + what);
        }
        return vecs;
    }

    /** Rayleigh–Ritz of the inverse on the first m basis vectors (W = (K − σI)⁻¹V, approximately). */
    private void ritz(double[] v, double[] w, int m) {
        double[] vals = new double[m];
        double[] vecs = projectedEigen(blas, v, w, n, m, vals, "projected inverse");
        // largest μ first: μ₁ = vals[m−1]
        double[] u = new double[m * BLOCK];
        for (int c = 0; c < BLOCK; c++) {
            System.arraycopy(vecs, (m - 1 - c) * m, u, c * m, m);
        }
        ritz = new double[n * BLOCK];
        blas.dgemm(Trans.N, Trans.N, n, BLOCK, m, 1.0, v, 0, n, u, 0, m, 0.0, ritz, 0, n);
        double mu1 = vals[m - 1];
        double mu2 = vals[m - 2];
        double[] au = new double[n];
        blas.dgemv(Trans.N, n, m, 1.0, w, 0, n, u, 0, 0.0, au, 0);
        for (int i = 0; i < n; i++) {
            au[i] -= mu1 * ritz[i];
        }
        double rho = VectorOps.norm(au);
        theta1 = sigma + 1 / mu1;
        theta2 = sigma + 1 / mu2;
        halfWidth = rho < mu1 ? rho / (mu1 * (mu1 - rho)) : Double.POSITIVE_INFINITY;
        // Kato–Temple: μ₁ is within ρ²/(μ₁ − μ₂) of an eigenvalue of the inverse, in λ divided by μ₁²
        estimate = mu1 > mu2 ? rho * rho / (mu1 - mu2) / (mu1 * mu1) : Double.POSITIVE_INFINITY;
    }

    /**
     * Orthonormalises columns [from, from + count) of the n-row basis v against its first
     * {@code against} columns (classical Gram–Schmidt twice, as two gemm pairs) and then each other
     * (modified Gram–Schmidt twice within the block); a column that loses all but 1e-8 of its norm
     * is replaced by a seeded random one, orthogonalised against the whole basis.
     */
    void orthonormalise(double[] v, int from, int count, int against) {
        int off = from * n;
        double[] before = new double[count];
        for (int j = 0; j < count; j++) {
            before[j] = VectorOps.dot(n, v, off + j * n, v, off + j * n);
        }
        if (against > 0) {
            double[] c = new double[against * count];
            for (int pass = 0; pass < 2; pass++) {
                blas.dgemm(Trans.T, Trans.N, against, count, n, 1.0, v, 0, n, v, off, n, 0.0, c, 0, against);
                blas.dgemm(Trans.N, Trans.N, n, count, against, -1.0, v, 0, n, c, 0, against, 1.0, v, off, n);
            }
        }
        SplittableRandom r = new SplittableRandom(seed ^ (31L * from + 7));
        boolean fresh = false;
        for (int j = 0; j < count; j++) {
            int cj = off + j * n;
            for (int pass = 0; pass < 2; pass++) {
                for (int i = fresh ? 0 : from; i < from + j; i++) {
                    double d = VectorOps.dot(n, v, i * n, v, cj);
                    blas.daxpy(n, -d, v, i * n, v, cj);
                }
            }
            double norm = Math.sqrt(VectorOps.dot(n, v, cj, v, cj));
            if (!(norm > 1e-8 * Math.sqrt(before[j]))) {
                for (int i = 0; i < n; i++) {
                    v[cj + i] = r.nextGaussian();
                }
                before[j] = VectorOps.dot(n, v, cj, v, cj);
                fresh = true;
                j--; // orthogonalise the replacement in its turn
                continue;
            }
            fresh = false;
            for (int i = 0; i < n; i++) {
                v[cj + i] /= norm;
            }
        }
    }
}
