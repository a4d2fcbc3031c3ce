package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.Uplo;

/**
 * The smallest eigenpair of a symmetric operator by preconditioned LOBPCG with one vector
 * (Knyazev 2001): each step minimises the Rayleigh quotient over span{x, T r, p}, with r the
 * residual, T a preconditioner and p the previous step, at one operator product per step.
 *
 * <p>Why not Lanczos: preconditioning (here a Nyström deflation of the top of the spectrum) turns
 * the thousands of products Lanczos needs on an ill-conditioned NTK into tens or hundreds, and
 * Lanczos cannot use a preconditioner. The images A·x and A·p are carried along as the same linear
 * combinations as x and p and recomputed explicitly every {@value #REFRESH} steps, so rounding does
 * not drift; the reported residual is always recomputed from scratch.
 */
final class Lobpcg {

    /** Steps between explicit recomputations of A·x and A·p. */
    static final int REFRESH = 25;

    /** A preconditioner v ↦ T v. */
    @FunctionalInterface
    interface Preconditioner {
        /** out := T v. */
        void apply(double[] v, double[] out);
    }

    private Lobpcg() {
    }

    /** Runs to ‖Ax − θx‖ ≤ tol·|θ| or until a budget (products, seconds) runs out. */
    static EigenEstimate smallest(SymmetricOperator a, Preconditioner t, EigenOptions o, String method) {
        long t0 = System.nanoTime();
        int n = a.size();
        double[] x = new double[n];
        SplittableRandom rng = new SplittableRandom(o.seed());
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        VectorOps.scale(1 / VectorOps.norm(x), x);
        double[] ax = new double[n];
        a.apply(x, ax);
        int products = 1;
        double theta = VectorOps.dot(x, ax);
        double[] p = null;
        double[] ap = null;
        double[] r = new double[n];
        double[] w = new double[n];
        double[] aw = new double[n];
        boolean converged = false;
        int steps = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                r[i] = ax[i] - theta * x[i];
            }
            double res = VectorOps.norm(r);
            if (res <= o.tol() * Math.abs(theta)) {
                converged = true;
                break;
            }
            if (products >= o.maxMatvecs() || (System.nanoTime() - t0) / 1e9 >= o.maxSeconds()) {
                break;
            }
            // an orthonormal basis of span{x, p, T r}: p's image follows p's combinations; T r is
            // orthogonalised before its product is taken, so its image carries no cancellation
            double[][] v = {x, p, null};
            double[][] av = {ax, ap, null};
            int k = orthonormalise(v, av, n, 2);
            t.apply(r, w);
            if (!orthogonalise(v, null, k, w, null, n)) {
                break; // T r lies in span{x, p}: no progress possible
            }
            a.apply(w, aw);
            products++;
            v[k] = w;
            av[k] = aw;
            k++;
            double[] g = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j <= i; j++) {
                    double gij = 0.5 * (VectorOps.dot(v[i], av[j]) + VectorOps.dot(v[j], av[i]));
                    g[i + j * k] = gij;
                    g[j + i * k] = gij;
                }
            }
            double[] mu = new double[k];
            if (Backends.javaBackend().lapack().dsyevd(true, Uplo.LOWER, k, g, 0, k, mu) != 0) {
                break;
            }
            double[] c = {g[0], k > 1 ? g[1] : 0, k > 2 ? g[2] : 0}; // eigenvector of the smallest Ritz value
            double[] xn = new double[n];
            double[] axn = new double[n];
            double[] pn = new double[n];
            double[] apn = new double[n];
            for (int i = 0; i < n; i++) {
                double pv = 0;
                double apv = 0;
                for (int j = 1; j < k; j++) {
                    pv += c[j] * v[j][i];
                    apv += c[j] * av[j][i];
                }
                pn[i] = pv;
                apn[i] = apv;
                xn[i] = c[0] * v[0][i] + pv;
                axn[i] = c[0] * av[0][i] + apv;
            }
            double nx = VectorOps.norm(xn);
            VectorOps.scale(1 / nx, xn);
            VectorOps.scale(1 / nx, axn);
            double np = VectorOps.norm(pn);
            if (np > 0) {
                VectorOps.scale(1 / np, pn);
                VectorOps.scale(1 / np, apn);
                p = pn;
                ap = apn;
            } else {
                p = null;
                ap = null;
            }
            x = xn;
            ax = axn;
            steps++;
            if (steps % REFRESH == 0) {
                a.apply(x, ax);
                products++;
                if (p != null) {
                    a.apply(p, ap);
                    products++;
                }
            }
            theta = VectorOps.dot(x, ax);
        }
        // the reported residual from scratch: r = Ax − θx with θ the Rayleigh quotient of the final x
        a.apply(x, ax);
        products++;
        theta = VectorOps.dot(x, ax);
        for (int i = 0; i < n; i++) {
            r[i] = ax[i] - theta * x[i];
        }
        double residual = VectorOps.norm(r);
        converged = converged && residual <= 2 * o.tol() * Math.abs(theta);
        return new EigenEstimate(theta, residual, x, products, 0, 0, Double.NaN, converged, method, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Gram–Schmidt over the non-null vectors among the first {@code count} of {@code v} (in place,
     * with the same combinations applied to their images {@code av}); drops a vector that is
     * numerically in the span of the previous ones. Returns how many remain, packed at the front.
     * The first vector must already have unit norm.
     */
    private static int orthonormalise(double[][] v, double[][] av, int n, int count) {
        int k = 1;
        for (int m = 1; m < count; m++) {
            if (v[m] == null) {
                continue;
            }
            double[] y = v[m].clone();
            double[] ay = av[m].clone();
            if (orthogonalise(v, av, k, y, ay, n)) {
                v[k] = y;
                av[k] = ay;
                k++;
            }
        }
        return k;
    }

    /**
     * Makes y orthogonal to v[0..k) and of unit norm (twice-applied Gram–Schmidt), applying the same
     * combination to its image ay when given. False when y is numerically in their span.
     */
    private static boolean orthogonalise(double[][] v, double[][] av, int k, double[] y, double[] ay, int n) {
        double before = VectorOps.norm(y);
        if (!(before > 0)) {
            return false;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < k; j++) {
                double h = VectorOps.dot(v[j], y);
                VectorOps.axpy(-h, v[j], y, 0, n);
                if (ay != null) {
                    VectorOps.axpy(-h, av[j], ay, 0, n);
                }
            }
        }
        double after = VectorOps.norm(y);
        if (!(after > 1e-12 * before)) {
            return false;
        }
        VectorOps.scale(1 / after, y);
        if (ay != null) {
            VectorOps.scale(1 / after, ay);
        }
        return true;
    }
}
