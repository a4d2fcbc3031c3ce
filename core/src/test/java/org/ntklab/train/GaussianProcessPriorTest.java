package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;

class GaussianProcessPriorTest {

    static final int D = 3;

    static AnalyticKernel jacot() {
        return new AnalyticKernel(Preset.JACOT.spec(D, 2, null));
    }

    /** The joint NNGP of train and test points, assembled from the kernel's own blocks. */
    static Matrix joint(AnalyticKernel k, Matrix x, Matrix xt) {
        int n = x.rows(), m = xt.rows();
        Matrix a = k.nngp(x), b = k.nngp(xt, x), c = k.nngp(xt);
        Matrix s = new Matrix(n + m, n + m, new double[(n + m) * (n + m)]);
        for (int i = 0; i < n + m; i++) {
            for (int j = 0; j < n + m; j++) {
                s.set(i, j, i < n && j < n ? a.get(i, j) : i >= n && j >= n ? c.get(i - n, j - n)
                        : i >= n ? b.get(i - n, j) : b.get(j - n, i));
            }
        }
        return s;
    }

    @Test
    void empiricalCovarianceMatchesTheNngpWithinMonteCarloError() {
        Matrix x = Reference.gaussian(5, D, 61);
        Matrix xt = Reference.gaussian(3, D, 62);
        AnalyticKernel k = jacot();
        Matrix sigma = joint(k, x, xt);
        int size = 8, draws = 20000;
        GaussianProcessPrior prior = GaussianProcessPrior.of(k, x, xt);
        assertEquals(1e-12 * meanDiagonal(sigma), prior.jitter(), 1e-12 * prior.jitter(), "a positive-definite Σ takes the first rung");
        PriorDraws d = prior.draws(7, 0, draws);
        double[][] f = new double[draws][];
        for (int s = 0; s < draws; s++) {
            f[s] = Reference.concat(d.trainAt(s), d.testAt(s));
        }
        double worst = 0;
        for (int i = 0; i < size; i++) {
            double mean = 0;
            for (int s = 0; s < draws; s++) {
                mean += f[s][i];
            }
            mean /= draws;
            double seMean = Math.sqrt(sigma.get(i, i) / draws);
            assertTrue(Math.abs(mean) <= 5 * seMean, "mean of point " + i + ": " + mean + " (SE " + seMean + ")");
            for (int j = 0; j <= i; j++) {
                double c = 0;
                for (int s = 0; s < draws; s++) {
                    c += f[s][i] * f[s][j];
                }
                c /= draws;
                // SE of a Gaussian sample second moment: √((Σ_ii Σ_jj + Σ_ij²)/S)
                double se = Math.sqrt((sigma.get(i, i) * sigma.get(j, j) + sigma.get(i, j) * sigma.get(i, j)) / draws);
                double z = Math.abs(c - sigma.get(i, j)) / se;
                worst = Math.max(worst, z);
                assertTrue(z <= 5, "Σ(" + i + ", " + j + "): empirical " + c + " vs " + sigma.get(i, j) + " (" + z + " SE)");
            }
        }
        System.out.printf("GP prior: %d draws, worst covariance entry %.2f SE from Σ%n", draws, worst);
        // the block constructor and the stacked-points factory give the same draws
        GaussianProcessPrior blocks = new GaussianProcessPrior(k.nngp(x), k.nngp(xt, x), k.nngp(xt));
        PriorDraws e = blocks.draws(7, 0, 5);
        assertTrue(Reference.relativeError(e.trainAt(4), d.trainAt(4)) <= 1e-13);
        assertTrue(Reference.relativeError(e.testAt(4), d.testAt(4)) <= 1e-13);
    }

    @Test
    void drawsDependOnlyOnSeedAndNumber() {
        Matrix x = Reference.gaussian(150, D, 63);
        Matrix xt = Reference.gaussian(50, D, 64);
        int saved = ThreadBudget.threads();
        try {
            ThreadBudget.setThreads(1);
            PriorDraws one = GaussianProcessPrior.of(jacot(), x, xt).draws(5, 0, 40);
            ThreadBudget.setThreads(2);
            PriorDraws two = GaussianProcessPrior.of(jacot(), x, xt).draws(5, 0, 40);
            // the normals are the same bit for bit; the pure-Java BLAS and LAPACK keep them so, while
            // OpenBLAS may round its threaded Cholesky differently (the project's 1e-12 rule for native)
            double tolerance = Backends.current().info().isNative() ? 1e-12 : 0.0;
            assertTrue(Reference.relativeError(one.train().data(), two.train().data()) <= tolerance, "1 vs 2 threads, train");
            assertTrue(Reference.relativeError(one.test().data(), two.test().data()) <= tolerance, "1 vs 2 threads, test");
            PriorDraws single = GaussianProcessPrior.of(jacot(), x, xt).draw(5, 17);
            assertTrue(Reference.relativeError(two.trainAt(17), single.trainAt(0)) <= tolerance, "draw 17 alone = draw 17 of a batch");
            assertTrue(Reference.relativeError(two.testAt(17), single.testAt(0)) <= tolerance);
            PriorDraws otherSeed = GaussianProcessPrior.of(jacot(), x, xt).draw(6, 17);
            assertFalse(Reference.relativeError(one.trainAt(17), otherSeed.trainAt(0)) < 0.1, "another seed, another draw");
        } finally {
            ThreadBudget.setThreads(saved);
        }
    }

    @Test
    void repeatedPointsGetEqualValuesUpToTheJitter() {
        // test points that repeat training points make the joint covariance exactly singular
        Matrix x = Reference.gaussian(6, D, 65);
        Matrix xt = new Matrix(2, D, new double[2 * D]);
        for (int c = 0; c < D; c++) {
            xt.set(0, c, x.get(1, c));
            xt.set(1, c, x.get(4, c));
        }
        GaussianProcessPrior prior = GaussianProcessPrior.of(jacot(), x, xt);
        double rel = prior.jitter() / meanDiagonal(joint(jacot(), x, xt));
        assertEquals(1e-12, rel, 1e-24, "positive semi-definite: the first rung suffices");
        PriorDraws d = prior.draws(3, 0, 200);
        for (int s = 0; s < 200; s++) {
            // f(x*) − f(x) of the same point has variance ≈ 2·jitter
            assertEquals(d.trainAt(s)[1], d.testAt(s)[0], 6 * Math.sqrt(2 * prior.jitter()));
            assertEquals(d.trainAt(s)[4], d.testAt(s)[1], 6 * Math.sqrt(2 * prior.jitter()));
        }
    }

    @Test
    void slightlyIndefiniteCovarianceClimbsTheLadderToTheFirstRungThatWorks() {
        // Σ = Q diag(1, 1, −3e−10) Qᵀ, mean diagonal ≈ 2/3: rung 1e−10 (6.7e−11) is too small, 1e−9 (6.7e−10) works
        double c = Math.cos(0.7), s = Math.sin(0.7), c2 = Math.cos(1.1), s2 = Math.sin(1.1);
        Matrix q = Reference.timesTransposed(Matrix.of(new double[] {c, -s, 0}, new double[] {s, c, 0}, new double[] {0, 0, 1}),
                Matrix.of(new double[] {1, 0, 0}, new double[] {0, c2, s2}, new double[] {0, -s2, c2}));
        double[] lambda = {1, 1, -3e-10};
        Matrix sigma = new Matrix(3, 3, new double[9]);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += q.get(i, k) * lambda[k] * q.get(j, k);
                }
                sigma.set(i, j, v);
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < i; j++) {
                sigma.set(j, i, sigma.get(i, j));
            }
        }
        GaussianProcessPrior prior = new GaussianProcessPrior(sigma, null, null);
        assertEquals(1e-9, prior.jitter() / meanDiagonal(sigma), 1e-21);
    }

    static double meanDiagonal(Matrix a) {
        double s = 0;
        for (int i = 0; i < a.rows(); i++) {
            s += a.get(i, i);
        }
        return s / a.rows();
    }

    @Test
    void badCovariancesAreRejected() {
        Matrix ok = Matrix.of(new double[] {2, 1}, new double[] {1, 2});
        Matrix indefinite = Matrix.of(new double[] {1, 2}, new double[] {2, 1});
        Object[][] cases = {
            {(Runnable) () -> new GaussianProcessPrior(indefinite, null, null), "not positive semi-definite"},
            {(Runnable) () -> new GaussianProcessPrior(Matrix.of(new double[] {1, 0.5}, new double[] {0, 1}), null, null), "not symmetric"},
            {(Runnable) () -> new GaussianProcessPrior(ok, new Matrix(1, 3, new double[3]), Matrix.of(new double[] {1})), "Σ(X*, X)"},
            {(Runnable) () -> new GaussianProcessPrior(ok, new Matrix(1, 2, new double[2]), null), "together"},
            {(Runnable) () -> new GaussianProcessPrior(new Matrix(2, 2, new double[4]), null, null), "mean diagonal"},
            {(Runnable) () -> new GaussianProcessPrior(ok, null, null).draws(1, -1, 3), "first"},
            {(Runnable) () -> GaussianProcessPrior.of(jacot(), Reference.gaussian(3, D, 1), Reference.gaussian(3, D + 1, 2)), "columns"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertTrue(e.getMessage().contains((String) c[1]), c[1] + " not in: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
