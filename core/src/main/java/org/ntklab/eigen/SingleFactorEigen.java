package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.linalg.Trans;

/**
 * λ_min of a positive definite operator A known through v ↦ Av, given a single-precision Cholesky
 * factor of a rounded copy Ã of A (the empirical NTK built tile by tile in single precision).
 *
 * <p><b>Why.</b> The bottom of a wide network's empirical NTK is a dense cluster (relative gaps of
 * 10⁻³ and below at N = 65536): Davidson with a low-rank Nyström preconditioner, which only tames
 * the top of the spectrum, was still moving by 3·10⁻⁴ after 4469 products (results/bench/summary.md,
 * issue 6). Ã⁻¹ is a near-exact inverse: in single precision the bottom eigenvalues move by far
 * less than their gaps (about 10⁻⁷ relative at N = 8192, see {@link GapCertificate}), so
 * shift-invert on Ã separates the cluster in a few block steps.
 *
 * <p><b>Locate</b> (single precision): block shift-invert Lanczos on Ã⁻¹ ({@link BlockInverseLanczos}),
 * until the Kato–Temple estimate of θ₁'s error is below tol·|θ₁| or the step budget is spent.
 *
 * <p><b>Refine</b> (double precision, exact products of A): block Davidson from the
 * {@value BlockInverseLanczos#BLOCK} leading Ritz vectors, each step adding Ã⁻¹R for the residuals
 * R of the {@value #EXPAND} smallest Ritz pairs (one block solve), with Rayleigh–Ritz on A itself.
 * So the value is a Rayleigh quotient of A (an upper bound on λ_min up to rounding) and nothing of
 * the single-precision stage enters it except through the basis.
 *
 * <p><b>Stopping rule</b>: the residual r = ‖Ax − θx‖ of the smallest Ritz pair and the
 * Kato–Temple estimate e = r²/(θ₂ − θ) with θ₂ the second Ritz value; converged when r ≤ tol·θ
 * (some eigenvalue lies within tol·θ of θ: a bound) or e ≤ tol·θ (an estimate: θ₂ approximates λ₂
 * from above, and θ being λ_min's approximation and not another eigenvalue's rests on the inverse
 * iteration). Both figures are reported.
 */
final class SingleFactorEigen {

    /** Ritz pairs whose residuals expand the basis each step. */
    static final int EXPAND = 4;
    private static final int BLOCK = BlockInverseLanczos.BLOCK;
    /** Largest basis of the refinement; a restart keeps the BLOCK smallest Ritz vectors. */
    private static final int CAP = 64;
    /** Smallest order: the refinement's basis must fit twice. */
    static final int MIN_SIZE = 2 * CAP;
    /** Step budget of the single-precision stage: 40 blocks are 16·41 vectors, 340 MB at n = 65536. */
    private static final int LOCATE_STEPS = 40;

    private final SymmetricOperator a;
    private final TiledSingleCholesky factor;
    private final EigenOptions o;
    private final EigenProgress progress;
    private final int n;
    private final Blas blas = Backends.blas();
    private final long t0 = System.nanoTime();
    private final BlockInverseLanczos lanczos;
    private int products;

    private SingleFactorEigen(SymmetricOperator a, TiledSingleCholesky factor, EigenOptions o, EigenProgress progress) {
        if (factor.size() != a.size()) {
            throw new IllegalArgumentException("the factor is " + factor.size() + "×" + factor.size() + ", the operator "
                    + a.size() + "×" + a.size());
        }
        this.a = a;
        this.factor = factor;
        this.o = o;
        this.progress = progress;
        this.n = a.size();
        this.lanczos = new BlockInverseLanczos(n, o.seed(), factor::solve);
    }

    /** The λ_min estimate; {@code factor} must be factored. */
    static EigenEstimate lambdaMin(SymmetricOperator a, TiledSingleCholesky factor, EigenOptions o, EigenProgress progress) {
        return new SingleFactorEigen(a, factor, o, progress).run();
    }

    private EigenEstimate run() {
        if (n < MIN_SIZE) {
            throw new IllegalArgumentException("the single-precision factor method needs n ≥ " + MIN_SIZE + ", got " + n);
        }
        // the locating basis and its image, then the refinement's two bases (the factor is already held)
        MemoryCheck.requireArrays(2, n, (long) BLOCK * (LOCATE_STEPS + 1) + CAP, "the Krylov and Davidson bases");
        double[] start = new double[n * BLOCK];
        SplittableRandom r = new SplittableRandom(o.seed());
        for (int i = 0; i < start.length; i++) {
            start[i] = r.nextGaussian();
        }
        lanczos.phase(start, LOCATE_STEPS, 0.0, (t1, t2, estimate) -> estimate <= o.tol() * Math.abs(t1));
        progress.update(0, o.maxMatvecs(), lanczos.theta1(), Double.NaN);
        return refine(lanczos.ritzVectors());
    }

    /** Block Davidson with exact products, from the n×BLOCK start block. */
    private EigenEstimate refine(double[] start) {
        double[] q = new double[n * CAP];
        double[] aq = new double[n * CAP];
        System.arraycopy(start, 0, q, 0, n * BLOCK);
        lanczos.orthonormalise(q, 0, BLOCK, 0);
        multiply(q, aq, 0, BLOCK);
        int m = BLOCK;
        int restarts = 0;
        boolean converged = false;
        double[] x = new double[n];
        double[] ax = new double[n];
        double theta = Double.NaN;
        double theta2 = Double.NaN;
        double residual = Double.NaN;
        float[] rhs = new float[n * EXPAND];
        while (true) {
            double[] vals = new double[m];
            double[] y = rayleighRitz(q, aq, m, vals);
            int p = Math.min(EXPAND, m);
            double[] xs = new double[n * p];
            double[] axs = new double[n * p];
            blas.dgemm(Trans.N, Trans.N, n, p, m, 1.0, q, 0, n, y, 0, m, 0.0, xs, 0, n);
            blas.dgemm(Trans.N, Trans.N, n, p, m, 1.0, aq, 0, n, y, 0, m, 0.0, axs, 0, n);
            double[] rs = new double[n * p];
            for (int j = 0; j < p; j++) {
                for (int i = 0; i < n; i++) {
                    rs[i + j * n] = axs[i + j * n] - vals[j] * xs[i + j * n];
                }
            }
            theta = vals[0];
            theta2 = vals[1];
            residual = Math.sqrt(VectorOps.dot(n, rs, 0, rs, 0));
            System.arraycopy(xs, 0, x, 0, n);
            progress.update(products, o.maxMatvecs(), theta, residual);
            if (stops(theta, theta2, residual)) {
                converged = true;
                break;
            }
            if (products + p > o.maxMatvecs() || seconds() >= o.maxSeconds()) {
                break;
            }
            if (m + p > CAP) {
                // keep the BLOCK smallest Ritz vectors (orthonormal) and their images
                double[] keep = new double[n * BLOCK];
                double[] akeep = new double[n * BLOCK];
                blas.dgemm(Trans.N, Trans.N, n, BLOCK, m, 1.0, q, 0, n, y, 0, m, 0.0, keep, 0, n);
                blas.dgemm(Trans.N, Trans.N, n, BLOCK, m, 1.0, aq, 0, n, y, 0, m, 0.0, akeep, 0, n);
                System.arraycopy(keep, 0, q, 0, n * BLOCK);
                System.arraycopy(akeep, 0, aq, 0, n * BLOCK);
                m = BLOCK;
                restarts++;
            }
            for (int i = 0; i < n * p; i++) {
                rhs[i] = (float) rs[i];
            }
            factor.solve(rhs, p);
            for (int i = 0; i < n * p; i++) {
                q[m * n + i] = rhs[i];
            }
            lanczos.orthonormalise(q, m, p, m);
            multiply(q, aq, m, p);
            m += p;
        }
        // the reported figures from scratch: θ the Rayleigh quotient of the final unit x, r its residual
        VectorOps.scale(1 / VectorOps.norm(x), x);
        a.apply(x, ax);
        products++;
        theta = VectorOps.dot(x, ax);
        for (int i = 0; i < n; i++) {
            ax[i] -= theta * x[i];
        }
        residual = VectorOps.norm(ax);
        double error = theta2 > theta ? residual * residual / (theta2 - theta) : Double.POSITIVE_INFINITY;
        converged = converged && stops(theta, theta2, residual);
        String method = "matrix-free block Davidson, preconditioned by a single-precision Cholesky of the tiled NTK";
        return new EigenEstimate(theta, residual, x, products, restarts, 1, 0.0, converged, method, seconds(), Double.NaN, error);
    }

    private boolean stops(double theta, double theta2, double residual) {
        double goal = o.tol() * Math.abs(theta);
        return residual <= goal || (theta2 > theta && residual * residual / (theta2 - theta) <= goal);
    }

    /** Eigenvectors (m×m, column-major, ascending values into {@code vals}) of QᵀAQ on the first m columns. */
    private double[] rayleighRitz(double[] q, double[] aq, int m, double[] vals) {
        return BlockInverseLanczos.projectedEigen(blas, q, aq, n, m, vals, "projected matrix");
    }

    /** AQ[:, from … from+count) := A Q[:, from … from+count), one exact product per column. */
    private void multiply(double[] q, double[] aq, int from, int count) {
        double[] v = new double[n];
        double[] av = new double[n];
        for (int j = from; j < from + count; j++) {
            System.arraycopy(q, j * n, v, 0, n);
            a.apply(v, av);
            System.arraycopy(av, 0, aq, j * n, n);
            products++;
        }
    }

    private double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }
}
