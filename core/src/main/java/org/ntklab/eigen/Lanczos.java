package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.runtime.ThreadBudget;

/**
 * Thick-restart Lanczos (Wu &amp; Simon, SIAM J. Matrix Anal. Appl. 22 (2000) 602–616) for a few
 * extreme eigenpairs of a symmetric operator, with full reorthogonalisation.
 *
 * <p>Each step multiplies the newest basis vector, orthogonalises the product against the whole
 * basis twice (classical Gram–Schmidt with one re-orthogonalisation, "twice is enough") and keeps
 * every coefficient, so the projected matrix H = VᵀAV is assembled entry by entry; after a restart
 * it is the arrowhead of the kept Ritz values and their couplings, with no special case. When the
 * basis is full, the {@code keep} Ritz vectors nearest the wanted end are kept together with the
 * last residual direction, and the iteration continues from it.
 *
 * <p>A Ritz pair (θ, x) of H has the residual ‖Ax − θx‖ = β·|e_mᵀy| (β the norm of the last
 * residual); the wanted pairs have converged when each residual is below tol·|θ| or below the
 * floor 2⁻⁴⁵·‖A‖ that rounding allows (‖A‖ estimated by the largest |Ritz value| seen). The start
 * vector is given, or drawn from a seeded generator: results depend on the seed only, never on the
 * thread count (every reduction runs in a fixed order).
 */
public final class Lanczos {

    /** Which end of the spectrum is wanted. */
    public enum Which {
        /** The largest eigenvalues. */
        LARGEST,
        /** The smallest eigenvalues. */
        SMALLEST
    }

    /**
     * The settings of one run.
     *
     * @param which      the wanted end
     * @param wanted     how many eigenpairs
     * @param basis      the maximal basis size m (memory: m vectors of length n); capped at n
     * @param tol        relative residual tolerance (residual ≤ tol·|θ|)
     * @param maxMatvecs budget of operator applications
     * @param maxSeconds budget of wall time (∞ for none)
     * @param seed       seed of the random start vector (used when {@code start} is null)
     * @param start      a start vector (copied), or null
     */
    public record Config(Which which, int wanted, int basis, double tol, int maxMatvecs, double maxSeconds, long seed,
                         double[] start) {

        /** Checks the settings. */
        public Config {
            if (which == null) {
                throw new IllegalArgumentException("which end of the spectrum must be given");
            }
            if (wanted < 1) {
                throw new IllegalArgumentException("at least one eigenpair must be wanted, got " + wanted);
            }
            if (basis < wanted + 1) {
                throw new IllegalArgumentException("the Lanczos basis must exceed the wanted count " + wanted + ", got " + basis);
            }
            if (!(tol > 0) || !(tol < 1)) {
                throw new IllegalArgumentException("the tolerance must be in (0, 1), got " + tol);
            }
            if (maxMatvecs < 1) {
                throw new IllegalArgumentException("the matrix-vector budget must be positive, got " + maxMatvecs);
            }
            if (!(maxSeconds > 0)) {
                throw new IllegalArgumentException("the time budget must be positive, got " + maxSeconds);
            }
        }

        /** {@code wanted} pairs at the {@code which} end, basis 32, tolerance 1e-10, budget 10 000, seed 1. */
        public static Config of(Which which, int wanted) {
            return new Config(which, wanted, Math.max(32, 2 * wanted + 8), 1e-10, 10_000, Double.POSITIVE_INFINITY, 1, null);
        }

        /** With another basis size. */
        public Config basis(int m) {
            return new Config(which, wanted, m, tol, maxMatvecs, maxSeconds, seed, start);
        }

        /** With another tolerance. */
        public Config tol(double t) {
            return new Config(which, wanted, basis, t, maxMatvecs, maxSeconds, seed, start);
        }

        /** With another matrix-vector budget. */
        public Config maxMatvecs(int b) {
            return new Config(which, wanted, basis, tol, b, maxSeconds, seed, start);
        }

        /** With a time budget. */
        public Config maxSeconds(double s) {
            return new Config(which, wanted, basis, tol, maxMatvecs, s, seed, start);
        }

        /** With another seed. */
        public Config seed(long s) {
            return new Config(which, wanted, basis, tol, maxMatvecs, maxSeconds, s, start);
        }

        /** With a start vector (null for a random one). */
        public Config start(double[] v) {
            return new Config(which, wanted, basis, tol, maxMatvecs, maxSeconds, seed, v);
        }
    }

    /**
     * The state after a step, for callers that stop on their own criterion.
     *
     * @param matvecs   operator applications so far
     * @param values    the wanted Ritz values, best first (largest first for LARGEST)
     * @param residuals their residual norms ‖Ax − θx‖
     */
    public record Progress(int matvecs, double[] values, double[] residuals) {
    }

    /** Decides after a step whether to stop early. */
    @FunctionalInterface
    public interface Monitor {
        /** True to stop now. */
        boolean stop(Progress p);
    }

    /** The floor of attainable residuals relative to ‖A‖. */
    static final double FLOOR = 0x1p-45;

    private Lanczos() {
    }

    /** Runs to convergence or to the end of a budget. */
    public static LanczosResult run(SymmetricOperator op, Config c) {
        return run(op, c, null);
    }

    /** Runs until converged, out of budget, or {@code monitor} says stop. */
    public static LanczosResult run(SymmetricOperator op, Config c, Monitor monitor) {
        long t0 = System.nanoTime();
        int n = op.size();
        if (n < 1) {
            throw new IllegalArgumentException("the operator has dimension " + n);
        }
        int m = Math.min(c.basis(), n);
        int nev = Math.min(c.wanted(), n);
        int keepMax = Math.min(m - 1, Math.max(nev, nev + (m - nev) / 2));
        double[][] v = new double[m + 1][];
        double[] h = new double[m * m];
        SplittableRandom rnd = new SplittableRandom(c.seed());
        v[0] = startVector(c, n, rnd);
        double[] w = new double[n];
        double[] coef = new double[m + 1];
        int j = 0;
        int matvecs = 0;
        int restarts = 0;
        double anorm = 0;
        double beta = 0;
        Ritz ritz = null;
        boolean converged = false;
        boolean exhausted = false;
        String stopReason = "budget";
        int sinceCheck = 0;
        int checkEvery = n >= 4L * m * m ? 1 : Math.max(1, m / 8);
        while (true) {
            op.apply(v[j], w);
            matvecs++;
            for (int i = 0; i <= j; i++) {
                coef[i] = 0;
            }
            orthogonalise(v, j + 1, w, coef);
            orthogonalise(v, j + 1, w, coef);
            for (int i = 0; i <= j; i++) {
                h[i + j * m] = coef[i];
                h[j + i * m] = coef[i];
            }
            beta = VectorOps.norm(w);
            int dim = j + 1;
            anorm = Math.max(anorm, Math.abs(coef[j]) + beta);
            boolean full = dim == m;
            boolean invariant = beta <= 0x1p-50 * Math.max(anorm, Double.MIN_NORMAL);
            if (invariant) {
                beta = 0;
            }
            sinceCheck++;
            boolean timeUp = (System.nanoTime() - t0) / 1e9 >= c.maxSeconds();
            boolean outOfBudget = matvecs >= c.maxMatvecs() || timeUp;
            exhausted = dim == n;
            if (full || invariant || outOfBudget || exhausted || sinceCheck >= checkEvery && dim >= nev) {
                sinceCheck = 0;
                ritz = Ritz.of(h, m, dim, beta, c.which());
                for (double t : ritz.values) {
                    anorm = Math.max(anorm, Math.abs(t));
                }
                if (dim >= nev) {
                    double[] vals = new double[nev];
                    double[] res = new double[nev];
                    boolean all = true;
                    for (int p = 0; p < nev; p++) {
                        int idx = ritz.order[p];
                        vals[p] = ritz.values[idx];
                        res[p] = ritz.residual(idx);
                        all &= res[p] <= Math.max(c.tol() * Math.abs(vals[p]), FLOOR * anorm);
                    }
                    if (all || exhausted) {
                        converged = true;
                        stopReason = exhausted && !all ? "invariant subspace" : "converged";
                        break;
                    }
                    if (monitor != null && monitor.stop(new Progress(matvecs, vals, res))) {
                        stopReason = "monitor";
                        break;
                    }
                }
                if (outOfBudget) {
                    stopReason = timeUp ? "time" : "budget";
                    break;
                }
            }
            if (invariant) {
                // an invariant subspace: continue from a fresh random direction orthogonal to the basis
                double[] r = randomUnit(n, rnd);
                orthogonalise(v, dim, r, new double[m + 1]);
                orthogonalise(v, dim, r, new double[m + 1]);
                double nr = VectorOps.norm(r);
                if (!(nr > 1e-8)) {
                    converged = true;
                    stopReason = "invariant subspace";
                    break;
                }
                VectorOps.scale(1 / nr, r);
                w = r;
                beta = 0;
            } else {
                VectorOps.scale(1 / beta, w);
            }
            if (full) {
                if (ritz == null || ritz.dim != dim) {
                    ritz = Ritz.of(h, m, dim, beta, c.which());
                }
                int keep = keepMax;
                double[][] kept = new double[keep][];
                for (int p = 0; p < keep; p++) {
                    kept[p] = combine(v, dim, ritz.vectors, ritz.order[p] * dim, n);
                }
                java.util.Arrays.fill(h, 0.0);
                for (int p = 0; p < keep; p++) {
                    v[p] = kept[p];
                    h[p + p * m] = ritz.values[ritz.order[p]];
                }
                v[keep] = w;
                for (int p = keep + 1; p <= m; p++) {
                    v[p] = null;
                }
                w = new double[n];
                j = keep;
                restarts++;
                ritz = null;
            } else {
                v[dim] = w;
                w = new double[n];
                j = dim;
            }
        }
        int dim = ritz.dim;
        int count = Math.min(nev, dim);
        double[][] vectors = new double[count][];
        double[] values = new double[count];
        double[] residuals = new double[count];
        for (int p = 0; p < count; p++) {
            int idx = ritz.order[p];
            values[p] = ritz.values[idx];
            residuals[p] = ritz.residual(idx);
            vectors[p] = combine(v, dim, ritz.vectors, idx * dim, n);
            VectorOps.scale(1 / VectorOps.norm(vectors[p]), vectors[p]);
        }
        return new LanczosResult(values, residuals, vectors, matvecs, restarts, converged, stopReason, anorm,
                (System.nanoTime() - t0) / 1e9);
    }

    private static double[] startVector(Config c, int n, SplittableRandom rnd) {
        double[] s;
        if (c.start() != null) {
            if (c.start().length != n) {
                throw new IllegalArgumentException("the start vector has length " + c.start().length + ", the operator " + n);
            }
            s = c.start().clone();
            double nr = VectorOps.norm(s);
            if (nr > 0 && Double.isFinite(nr)) {
                VectorOps.scale(1 / nr, s);
                return s;
            }
        }
        return randomUnit(n, rnd);
    }

    private static double[] randomUnit(int n, SplittableRandom rnd) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextGaussian();
        }
        VectorOps.scale(1 / VectorOps.norm(s), s);
        return s;
    }

    /** w := w − V c with c = Vᵀw over the first k basis vectors; adds c into {@code acc}. */
    private static void orthogonalise(double[][] v, int k, double[] w, double[] acc) {
        int n = w.length;
        double[] c = new double[k];
        int grain = n >= 1 << 15 ? 1 : k;
        ThreadBudget.parallelFor(0, k, grain, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                c[i] = VectorOps.dot(v[i], w);
            }
        });
        ThreadBudget.parallelFor(0, n, Math.max(4096, n / 64 + 1), (r0, r1) -> {
            for (int i = 0; i < k; i++) {
                VectorOps.axpy(-c[i], v[i], w, r0, r1);
            }
        });
        for (int i = 0; i < k; i++) {
            acc[i] += c[i];
        }
    }

    /** Σ_i y[yo + i] · v_i over the first dim basis vectors. */
    private static double[] combine(double[][] v, int dim, double[] y, int yo, int n) {
        double[] x = new double[n];
        ThreadBudget.parallelFor(0, n, Math.max(4096, n / 64 + 1), (r0, r1) -> {
            for (int i = 0; i < dim; i++) {
                VectorOps.axpy(y[yo + i], v[i], x, r0, r1);
            }
        });
        return x;
    }

    /** The eigen-decomposition of the projected matrix, with the wanted end first in {@code order}. */
    private record Ritz(int dim, double[] values, double[] vectors, double beta, int[] order) {

        static Ritz of(double[] h, int m, int dim, double beta, Which which) {
            double[] a = new double[dim * dim];
            for (int j = 0; j < dim; j++) {
                System.arraycopy(h, j * m, a, j * dim, dim);
            }
            double[] w = new double[dim];
            // a small dense problem: the single-threaded Java LAPACK keeps it deterministic
            Lapack lapack = Backends.javaBackend().lapack();
            double[] v = new double[dim * dim];
            int info = lapack.symmetricEigen(true, dim, a, v, w);
            if (info != 0) {
                throw new IllegalStateException("the eigen-solver failed on the " + dim + "×" + dim + " projected matrix (info " + info + ")");
            }
            int[] order = new int[dim];
            for (int p = 0; p < dim; p++) {
                order[p] = which == Which.SMALLEST ? p : dim - 1 - p;
            }
            return new Ritz(dim, w, v, beta, order);
        }

        double residual(int idx) {
            return Math.abs(beta * vectors[idx * dim + dim - 1]);
        }
    }
}
