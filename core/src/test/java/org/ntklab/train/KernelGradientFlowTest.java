package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.KernelPair;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;

class KernelGradientFlowTest {

    static final int N = 30;
    static final int M = 7;
    static final int D = 5;

    /** The jacot NTK (bias on every layer, so positive definite) of 30 train and 7 test points. */
    static KernelPair[] jacot() {
        Matrix x = Reference.gaussian(N, D, 11);
        Matrix xt = Reference.gaussian(M, D, 12);
        AnalyticKernel k = new AnalyticKernel(Preset.JACOT.spec(D, 2, null));
        return new KernelPair[] {k.compute(x), k.compute(xt, x)};
    }

    /** RK4 of d(f, f*)/dt = −(1/n) (K, K*) (f − y) from (f₀, f₀*). */
    static double[][] integrate(Matrix k, Matrix ks, double[] y, double[] f0, double[] f0t, double[] times, double h) {
        int n = y.length;
        int m = ks.rows();
        Reference.Rhs rhs = (z, dz) -> {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = z[i] - y[i];
            }
            double[] a = Reference.times(k, g);
            double[] b = Reference.times(ks, g);
            for (int i = 0; i < n; i++) {
                dz[i] = -a[i] / n;
            }
            for (int i = 0; i < m; i++) {
                dz[n + i] = -b[i] / n;
            }
        };
        return Reference.rk4(rhs, Reference.concat(f0, f0t), times, h);
    }

    @Test
    void closedFormEqualsRk4IntegrationOfTheOde() {
        KernelPair[] kp = jacot();
        Matrix k = kp[0].ntk();
        Matrix ks = kp[1].ntk();
        double[] y = Reference.gaussian(N, 21);
        double[] f0 = Reference.gaussian(N, 22);
        double[] f0t = Reference.gaussian(M, 23);
        double unit = N / Reference.gershgorin(k); // the fastest mode's time scale
        double[] times = {0, 0.7 * unit, 7 * unit, 70 * unit, 700 * unit};
        double[][] ode = integrate(k, ks, y, f0, f0t, times, 0.01 * unit);
        FlowPredictions p = new KernelGradientFlow(k).predict(times, y, f0, ks, f0t);
        double worst = 0;
        for (int j = 0; j < times.length; j++) {
            double[] closed = Reference.concat(p.trainAt(j), p.testAt(j));
            double err = Reference.relativeError(ode[j], closed);
            worst = Math.max(worst, err);
            assertTrue(err <= 1e-8, "t = " + times[j] + ": relative difference " + err);
        }
        // the grid must reach the slow modes too, or the check would only see the fast ones
        double[] lambda = new KernelGradientFlow(k).eigenvalues();
        assertTrue(times[4] * lambda[0] / N > 0.1, "slowest mode moved: λ_min t/n = " + times[4] * lambda[0] / N);
        System.out.printf("KGF vs RK4 (n=%d, m=%d, jacot NTK): max relative difference %.2e%n", N, M, worst);
    }

    @Test
    void infinityEqualsTheLinearSolveAndTheLimitOfLargeTimes() {
        KernelPair[] kp = jacot();
        Matrix k = kp[0].ntk();
        Matrix ks = kp[1].ntk();
        double[] y = Reference.gaussian(N, 31);
        double[] f0 = Reference.gaussian(N, 32);
        double[] f0t = Reference.gaussian(M, 33);
        double[] r = new double[N];
        for (int i = 0; i < N; i++) {
            r[i] = y[i] - f0[i];
        }
        double[] a = Reference.solve(k, r);
        double[] expectedTest = Reference.times(ks, a);
        for (int i = 0; i < M; i++) {
            expectedTest[i] += f0t[i];
        }
        KernelGradientFlow flow = new KernelGradientFlow(k);
        FlowPredictions p = flow.predict(new double[] {Double.POSITIVE_INFINITY, 1e20}, y, f0, ks, f0t);
        double errInf = Reference.relativeError(expectedTest, p.testAt(0));
        double errLarge = Reference.relativeError(expectedTest, p.testAt(1));
        assertTrue(errInf <= 1e-10, "t = ∞ vs Gaussian elimination: " + errInf);
        assertTrue(errLarge <= 1e-9, "t = 1e20 vs Gaussian elimination: " + errLarge);
        assertTrue(Arrays.equals(y, p.trainAt(0)), "without ridge f_∞(X) = y exactly");
        assertTrue(Reference.relativeError(y, p.trainAt(1)) <= 1e-13, "f_t(X) → y");
        System.out.printf("t = ∞ vs elimination %.2e, t = 1e20 vs elimination %.2e%n", errInf, errLarge);
    }

    /**
     * The ridge convention, checked against gradient flow of the loss it claims to be: explicit
     * features Φ (K = ΦΦᵀ), parameters w from 0, loss 1/(2n)‖f₀ + Φw − y‖² + ρ/(2n)‖w‖².
     */
    @Test
    void ridgeIsGradientFlowOfTheRegularisedLoss() {
        int n = 20, m = 6, p = 35;
        Matrix phi = Reference.gaussian(n, p, 41);
        Matrix phiT = Reference.gaussian(m, p, 42);
        Matrix k = Reference.timesTransposed(phi, phi);
        Matrix ks = Reference.timesTransposed(phiT, phi);
        double[] y = Reference.gaussian(n, 43);
        double[] f0 = Reference.gaussian(n, 44);
        double[] f0t = Reference.gaussian(m, 45);
        double lmax = Reference.gershgorin(k);
        double ridge = 0.05 * lmax;
        double unit = n / (lmax + ridge);
        double converged = 40 * n / ridge; // e^{−40}: every mode has reached its limit
        double[] times = {0.5 * unit, 5 * unit, 50 * unit, converged};
        Reference.Rhs rhs = (w, dw) -> {
            double[] res = Reference.times(phi, w);
            for (int i = 0; i < n; i++) {
                res[i] += f0[i] - y[i];
            }
            for (int c = 0; c < p; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += phi.get(i, c) * res[i];
                }
                dw[c] = -(s + ridge * w[c]) / n;
            }
        };
        double[][] w = Reference.rk4(rhs, new double[p], times, 0.01 * unit);
        double[] withInf = Arrays.copyOf(times, times.length + 1);
        withInf[times.length] = Double.POSITIVE_INFINITY;
        FlowPredictions pr = new KernelGradientFlow(k, ridge).predict(withInf, y, f0, ks, f0t);
        double worst = 0;
        for (int j = 0; j <= times.length; j++) {
            double[] wj = w[Math.min(j, times.length - 1)];
            double[] train = Reference.times(phi, wj);
            double[] test = Reference.times(phiT, wj);
            for (int i = 0; i < n; i++) {
                train[i] += f0[i];
            }
            for (int i = 0; i < m; i++) {
                test[i] += f0t[i];
            }
            double err = Reference.relativeError(Reference.concat(train, test), Reference.concat(pr.trainAt(j), pr.testAt(j)));
            worst = Math.max(worst, err);
            assertTrue(err <= 1e-8, "t = " + withInf[j] + ": relative difference " + err);
        }
        System.out.printf("ridge flow vs RK4 of the parameter ODE: max relative difference %.2e%n", worst);
        // a ridge keeps the train fit away from y: the convention is not "K + ρI as the kernel"
        assertTrue(Reference.relativeError(y, pr.trainAt(times.length)) > 1e-3);
    }

    /** K = diag(λ) with λ from 0 to 1e3: the eigendecomposition is exact, so φ_t is seen directly. */
    @Test
    void smallEigenvaluesFollowTheSeriesAndZeroGivesTOverN() {
        double[] lambda = {0, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2, 1, 10, 100, 1000};
        int n = lambda.length;
        Matrix k = diagonal(lambda);
        Matrix ks = diagonal(ones(n)); // test point i sees only training point i: f*(t) = a(t)
        double[] y = ones(n);
        double[] zero = new double[n];
        double[] times = {1e-3 * n, n, 1e3 * n, 1e12 * n};
        FlowPredictions p = new KernelGradientFlow(k).predict(times, y, zero, ks, zero);
        for (int j = 0; j < times.length; j++) {
            double tau = times[j] / n;
            for (int i = 0; i < n; i++) {
                double x = tau * lambda[i];
                double phi = phi(tau, lambda[i]);
                double kept = Math.exp(-x);
                String where = "τ = " + tau + ", λ = " + lambda[i];
                assertEquals(phi, p.test().get(i, j), 1e-14 * phi, where);
                assertEquals(1 - kept, p.train().get(i, j), 1e-15, where);
            }
        }
    }

    /**
     * The same spectrum rotated by an exactly orthogonal Q (Hadamard / 4): K is now rounded, its
     * eigenvalues below ~1e−12 are noise, and the results must stay finite and bounded, and agree
     * with Q φ_τ(Λ) Qᵀ r up to the Lipschitz bound (τ²/2)‖δK‖_F of φ_τ (valid for symmetric matrices
     * in the Frobenius norm).
     */
    @Test
    void roundedSpectrumDownToZeroGivesFiniteBoundedResults() {
        double[] lambda = {0, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2, 1, 10, 100, 1000};
        int n = lambda.length;
        Matrix q = hadamard16();
        Matrix k = new Matrix(n, n, new double[n * n]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < n; c++) {
                    s += q.get(i, c) * lambda[c] * q.get(j, c);
                }
                k.set(i, j, s);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                k.set(j, i, k.get(i, j));
            }
        }
        KernelGradientFlow flow = new KernelGradientFlow(k);
        for (double v : flow.eigenvalues()) {
            assertTrue(v >= 0, "clamped eigenvalue " + v);
        }
        double[] r = Reference.gaussian(n, 51);
        double rNorm = norm(r);
        for (double tau : new double[] {1e-3, 1, 1e3, 1e12}) {
            double[] a = flow.coefficients(tau * n, new Matrix(n, 1, r.clone())).data();
            double[] kept = flow.residuals(tau * n, new Matrix(n, 1, r.clone())).data();
            assertTrue(Arrays.stream(a).allMatch(Double::isFinite) && Arrays.stream(kept).allMatch(Double::isFinite));
            assertTrue(norm(a) <= tau * rNorm * (1 + 1e-12), "‖M_t r‖ ≤ (t/n)‖r‖ at τ = " + tau);
            assertTrue(norm(kept) <= rNorm * (1 + 1e-12), "‖R_t r‖ ≤ ‖r‖ at τ = " + tau);
            if (tau <= 1e3) {
                double[] w = new double[n];
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += q.get(i, c) * r[i];
                    }
                    w[c] = s * phi(tau, lambda[c]);
                }
                double[] expected = Reference.times(q, w);
                double err = 0;
                for (int i = 0; i < n; i++) {
                    err = Math.max(err, Math.abs(expected[i] - a[i]));
                }
                // each K_ij sums 16 exact terms ±λ_c/16: error ≤ 15 u Σλ/16, so ‖δK‖_F ≤ n of that; |φ_τ'| ≤ τ²/2
                double sumLambda = Arrays.stream(lambda).sum();
                double deltaK = n * 15 * (Math.ulp(1.0) / 2) * sumLambda / 16;
                double bound = (tau * tau / 2) * deltaK * rNorm + 1e-13 * tau * rNorm;
                System.out.printf("rounded spectrum, τ = %.0e: error %.2e, bound %.2e%n", tau, err, bound);
                assertTrue(err <= bound, "τ = " + tau + ": error " + err + " above bound " + bound);
            }
        }
    }

    /** A negative eigenvalue at rounding level counts as 0 (φ = t/n), it does not grow like e^{t|λ|/n}. */
    @Test
    void tinyNegativeEigenvaluesCountAsZero() {
        double tau = 1e12;
        Matrix k = diagonal(new double[] {-1e-12, 1, 2});
        FlowPredictions p = new KernelGradientFlow(k).predict(new double[] {3 * tau}, new double[] {1, 1, 1}, diagonal(new double[] {1, 1, 1}));
        assertEquals(tau, p.test().get(0, 0), 0.0, "not (e − 1)·1e12");
        assertEquals(0.0, p.train().get(0, 0), 0.0);
        assertEquals(0.0, new KernelGradientFlow(k).eigenvalues()[0], 0.0);
    }

    @Test
    void residualAndCoefficientMapsAreConsistent() {
        Matrix k = jacot()[0].ntk();
        KernelGradientFlow flow = new KernelGradientFlow(k, 0.01);
        Matrix e = diagonal(ones(N));
        for (double t : new double[] {0, 3, 300, Double.POSITIVE_INFINITY}) {
            // R_t + K M_t = I
            double[] rm = flow.residuals(t, e).data();
            Matrix mt = flow.coefficients(t, e);
            double err = 0;
            for (int j = 0; j < N; j++) {
                double[] col = new double[N];
                for (int i = 0; i < N; i++) {
                    col[i] = mt.get(i, j);
                }
                double[] kc = Reference.times(k, col);
                for (int i = 0; i < N; i++) {
                    err = Math.max(err, Math.abs(rm[i + j * N] + kc[i] - (i == j ? 1 : 0)));
                }
            }
            assertTrue(err <= 1e-11, "t = " + t + ": " + err);
        }
    }

    @Test
    void badInputsAreRejectedWithOneLineMessages() {
        Matrix k = jacot()[0].ntk();
        KernelGradientFlow flow = new KernelGradientFlow(k);
        double[] y = new double[N];
        Matrix ks = new Matrix(M, N, new double[M * N]);
        double[] f0t = new double[M];
        double[] one = {1.0};
        Matrix asym = k.copy();
        asym.set(3, 1, asym.get(3, 1) + 0.1);
        Matrix nan = k.copy();
        nan.set(2, 2, Double.NaN);
        Matrix singular = diagonal(new double[] {1, 0, 2});
        Object[][] cases = {
            {(Runnable) () -> new KernelGradientFlow(new Matrix(2, 3, new double[6])), "square"},
            {(Runnable) () -> new KernelGradientFlow(asym), "not symmetric"},
            {(Runnable) () -> new KernelGradientFlow(nan), "finite"},
            {(Runnable) () -> new KernelGradientFlow(k, -1), "ridge"},
            {(Runnable) () -> new KernelGradientFlow(k, Double.NaN), "ridge"},
            {(Runnable) () -> flow.predict(new double[] {1, -2}, y, y, ks, f0t), "negative"},
            {(Runnable) () -> flow.predict(new double[] {Double.NaN}, y, y, ks, f0t), "NaN"},
            {(Runnable) () -> flow.predict(new double[0], y, y, ks, f0t), "no times"},
            {(Runnable) () -> flow.predict(one, new double[N - 1], y, ks, f0t), "labels"},
            {(Runnable) () -> flow.predict(one, y, new double[N + 1], ks, f0t), "f0 on the training points"},
            {(Runnable) () -> flow.predict(one, y, y, new Matrix(M, N - 1, new double[M * (N - 1)]), f0t), "columns"},
            {(Runnable) () -> flow.predict(one, y, y, ks, new double[M + 2]), "f0 on the test points"},
            {(Runnable) () -> flow.predict(one, y, y, null, f0t), "K(X*, X) is not"},
            {(Runnable) () -> new KernelGradientFlow(diagonal(new double[] {1, -0.1})).predict(one, new double[2], null),
                "not positive semi-definite"},
            {(Runnable) () -> new KernelGradientFlow(singular).predict(new double[] {Double.POSITIVE_INFINITY}, new double[3], null),
                "add a ridge"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertTrue(e.getMessage().contains((String) c[1]), c[1] + " not in: " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        // the same singular K is fine at finite times and at t = ∞ with a ridge
        new KernelGradientFlow(singular).predict(new double[] {1e6}, new double[] {1, 1, 1}, null);
        new KernelGradientFlow(singular, 1e-3).predict(new double[] {Double.POSITIVE_INFINITY}, new double[] {1, 1, 1}, null);
    }

    /** φ_τ(λ) = (1 − e^{−τλ})/λ: the Taylor series τ Σ_k (−τλ)^k/(k+1)! below τλ = 1/2, else the formula (cancellation ≤ 3 eps). */
    static double phi(double tau, double lambda) {
        double x = tau * lambda;
        if (x >= 0.5) {
            return (1 - Math.exp(-x)) / lambda;
        }
        double sum = 0, term = 1;
        for (int k = 0; k < 25; k++) {
            sum += term;
            term *= -x / (k + 2);
        }
        return tau * sum;
    }

    static Matrix diagonal(double[] v) {
        Matrix d = new Matrix(v.length, v.length, new double[v.length * v.length]);
        for (int i = 0; i < v.length; i++) {
            d.set(i, i, v[i]);
        }
        return d;
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1.0);
        return o;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** The 16×16 Sylvester–Hadamard matrix divided by 4: orthogonal, every entry ±1/4 exactly. */
    static Matrix hadamard16() {
        Matrix h = new Matrix(16, 16, new double[256]);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                h.set(i, j, Integer.bitCount(i & j) % 2 == 0 ? 0.25 : -0.25);
            }
        }
        return h;
    }
}
