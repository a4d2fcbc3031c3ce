package org.ntklab.eigen;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.SymmetricOperator;

/**
 * The smallest eigenpair of a symmetric operator by preconditioned generalised Davidson with thick
 * restarts, GD+k (Stathopoulos &amp; Saad, "Restarting techniques for the (Jacobi-)Davidson symmetric
 * eigenvalue methods", ETNA 7 (1998); Stathopoulos, SIAM J. Sci. Comput. 29 (2007)): each step adds the
 * preconditioned residual T r of the smallest Ritz pair to the basis, at one operator product per step;
 * a full basis of m vectors (the options' basis, default {@value #BASIS}) restarts from its m/3 smallest
 * Ritz vectors plus the previous step's Ritz vector.
 *
 * <p>Why not single-vector LOBPCG (which is GD+1 with a basis of three): the bottom of an NTK spectrum
 * is a dense cluster, and a three-vector method forgets the cluster's other directions at every step.
 * Keeping them in the basis needs about 3× fewer products on the test spectra (DavidsonTest). At large
 * N both still creep through the cluster, which is why the estimate reports its recent change
 * (results/bench/summary.md, issue 6).
 *
 * <p>The basis and its image are updated by the same linear combinations; the reported residual is
 * recomputed from scratch at the end. Deterministic: every reduction runs in a fixed order.
 */
final class Davidson {

    /** Default largest basis. */
    static final int BASIS = 48;

    /** A preconditioner v ↦ T v. */
    @FunctionalInterface
    interface Preconditioner {
        /** out := T v. */
        void apply(double[] v, double[] out);
    }

    private Davidson() {
    }

    /** Runs to ‖Ax − θx‖ ≤ tol·|θ| or until a budget (products, seconds) runs out. */
    static EigenEstimate smallest(SymmetricOperator a, Preconditioner t, EigenOptions o, String method, EigenProgress progress) {
        long t0 = System.nanoTime();
        int n = a.size();
        int cap = Math.max(3, Math.min(o.basisOr(BASIS), n));
        double[][] v = new double[cap][];
        double[][] av = new double[cap][];
        double[] h = new double[cap * cap]; // VᵀAV, column-major, leading dimension cap
        double[] start = new double[n];
        SplittableRandom rng = new SplittableRandom(o.seed());
        for (int i = 0; i < n; i++) {
            start[i] = rng.nextDouble() - 0.5;
        }
        VectorOps.scale(1 / VectorOps.norm(start), start);
        v[0] = start;
        av[0] = new double[n];
        a.apply(start, av[0]);
        int products = 1;
        h[0] = VectorOps.dot(start, av[0]);
        int m = 1;
        double[] x = new double[n];
        double[] ax = new double[n];
        double[] r = new double[n];
        double[] previous = null; // coefficients of the previous Ritz vector in the current basis
        double[] history = new double[64];
        int steps = 0;
        boolean converged = false;
        double theta;
        while (true) {
            double[] vecs = new double[m * m];
            double[] vals = new double[m];
            ritz(h, cap, m, vecs, vals);
            theta = vals[0];
            combine(v, m, vecs, 0, x);
            combine(av, m, vecs, 0, ax);
            for (int i = 0; i < n; i++) {
                r[i] = ax[i] - theta * x[i];
            }
            double res = VectorOps.norm(r);
            if (steps == history.length) {
                history = Arrays.copyOf(history, 2 * steps);
            }
            history[steps] = theta;
            report(progress, o, products, t0, theta, res);
            if (res <= o.tol() * Math.abs(theta)) {
                converged = true;
                break;
            }
            if (products >= o.maxMatvecs() || (System.nanoTime() - t0) / 1e9 >= o.maxSeconds()) {
                break;
            }
            if (m == cap) {
                m = restart(v, av, h, cap, m, vecs, vals, previous, n);
                previous = unit(m, 0); // the Ritz vector just computed is the first kept one
            } else {
                previous = Arrays.copyOf(column(vecs, m, 0), m);
            }
            double[] w = new double[n];
            t.apply(r, w);
            if (!orthonormalise(v, m, w)) {
                break; // T r lies in the basis: no progress possible
            }
            double[] aw = new double[n];
            a.apply(w, aw);
            products++;
            v[m] = w;
            av[m] = aw;
            for (int i = 0; i <= m; i++) {
                double hij = i == m ? VectorOps.dot(w, aw) : 0.5 * (VectorOps.dot(v[i], aw) + VectorOps.dot(w, av[i]));
                h[i + m * cap] = hij;
                h[m + i * cap] = hij;
            }
            m++;
            previous = Arrays.copyOf(previous, m);
            steps++;
        }
        // the reported residual from scratch: r = Ax − θx with θ the Rayleigh quotient of the final x
        VectorOps.scale(1 / VectorOps.norm(x), x);
        a.apply(x, ax);
        products++;
        theta = VectorOps.dot(x, ax);
        for (int i = 0; i < n; i++) {
            r[i] = ax[i] - theta * x[i];
        }
        double residual = VectorOps.norm(r);
        converged = converged && residual <= 2 * o.tol() * Math.abs(theta);
        double change = steps < 4 ? Double.NaN : (history[steps - (steps + 3) / 4] - history[steps]) / Math.abs(history[steps]);
        return new EigenEstimate(theta, residual, x, products, 0, 0, Double.NaN, converged, method, (System.nanoTime() - t0) / 1e9,
                change);
    }

    /** Progress in whichever budget is nearer to running out: products or wall time. */
    private static void report(EigenProgress progress, EigenOptions o, int products, long t0, double theta, double res) {
        double byProducts = (double) products / o.maxMatvecs();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (Double.isFinite(o.maxSeconds()) && elapsed / o.maxSeconds() > byProducts) {
            progress.update(Math.round(elapsed * 1000), Math.round(o.maxSeconds() * 1000), theta, res);
        } else {
            progress.update(products, o.maxMatvecs(), theta, res);
        }
    }

    /** Eigen-decomposition of the leading m × m block of h: vectors (column-major m × m) and ascending values. */
    private static void ritz(double[] h, int cap, int m, double[] vecs, double[] vals) {
        double[] block = new double[m * m];
        for (int j = 0; j < m; j++) {
            System.arraycopy(h, j * cap, block, j * m, m);
        }
        if (Backends.javaBackend().lapack().symmetricEigen(true, m, block, vecs, vals) != 0) {
            throw new ArithmeticException("the projected eigenproblem did not converge");
        }
    }

    /**
     * Thick restart: the basis becomes V Y with Y orthonormal, spanning the cap/3 smallest Ritz vectors
     * and the previous step's Ritz vector (the "+k" of GD+k); H becomes Yᵀ H Y. Returns the new size.
     */
    private static int restart(double[][] v, double[][] av, double[] h, int cap, int m, double[] vecs, double[] vals,
                               double[] previous, int n) {
        int keep = Math.max(1, Math.min(cap / 3, m - 1));
        double[][] y = new double[keep + 1][];
        for (int j = 0; j < keep; j++) {
            y[j] = column(vecs, m, j);
        }
        int k = keep;
        if (previous != null) {
            double[] p = Arrays.copyOf(previous, m);
            if (orthonormalise(y, keep, p)) {
                y[k++] = p;
            }
        }
        double[][] nv = new double[k][];
        double[][] nav = new double[k][];
        for (int j = 0; j < k; j++) {
            nv[j] = new double[n];
            nav[j] = new double[n];
            combine(v, m, y[j], nv[j]);
            combine(av, m, y[j], nav[j]);
        }
        // H ← Yᵀ H Y (small)
        double[] hy = new double[m * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int l = 0; l < m; l++) {
                    s += h[i + l * cap] * y[j][l];
                }
                hy[i + j * m] = s;
            }
        }
        Arrays.fill(h, 0.0);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i <= j; i++) {
                double s = 0;
                for (int l = 0; l < m; l++) {
                    s += y[i][l] * hy[l + j * m];
                }
                h[i + j * cap] = s;
                h[j + i * cap] = s;
            }
        }
        Arrays.fill(v, null);
        Arrays.fill(av, null);
        System.arraycopy(nv, 0, v, 0, k);
        System.arraycopy(nav, 0, av, 0, k);
        return k;
    }

    /** out := Σ_j c_j b_j over the first m vectors. */
    private static void combine(double[][] b, int m, double[] c, double[] out) {
        Arrays.fill(out, 0.0);
        for (int j = 0; j < m; j++) {
            VectorOps.axpy(c[j], b[j], out, 0, out.length);
        }
    }

    /** out := B · (column col of the m × m matrix vecs). */
    private static void combine(double[][] b, int m, double[] vecs, int col, double[] out) {
        combine(b, m, column(vecs, m, col), out);
    }

    private static double[] column(double[] vecs, int m, int col) {
        return Arrays.copyOfRange(vecs, col * m, col * m + m);
    }

    private static double[] unit(int m, int i) {
        double[] e = new double[m];
        e[i] = 1;
        return e;
    }

    /**
     * Makes y orthogonal to b[0..k) and of unit norm (classical Gram–Schmidt, applied twice). False
     * when y is numerically in their span.
     */
    private static boolean orthonormalise(double[][] b, int k, double[] y) {
        double before = VectorOps.norm(y);
        if (!(before > 0)) {
            return false;
        }
        int len = y.length;
        for (int pass = 0; pass < 2; pass++) {
            double[] c = new double[k];
            for (int j = 0; j < k; j++) {
                c[j] = VectorOps.dot(b[j], y);
            }
            for (int j = 0; j < k; j++) {
                VectorOps.axpy(-c[j], b[j], y, 0, len);
            }
        }
        double after = VectorOps.norm(y);
        if (!(after > 1e-12 * before)) {
            return false;
        }
        VectorOps.scale(1 / after, y);
        return true;
    }
}
