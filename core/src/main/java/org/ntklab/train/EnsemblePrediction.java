package org.ntklab.train;

import org.ntklab.kernel.KernelPair;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Trans;
import org.ntklab.net.Initialisation;

/**
 * The infinite ensemble of infinitely wide networks trained by gradient flow on
 * {@code 1/(2n) Σ (f(x_i) − y_i)²}: at every time the outputs are Gaussian, with the mean and
 * covariance of Lee et al. 2019 ("Wide neural networks of any depth evolve as linear models under
 * gradient descent", eqs. for μ(x) and Σ(x, x')), as neural-tangents'
 * {@code gradient_descent_mse_ensemble(..., diag_reg=ρ, diag_reg_absolute_scale=True)} computes
 * them with {@code get='ntk'} and {@code learning_rate=1}.
 *
 * <p>With Θ the NTK and K the NNGP kernel (train Gram Θ, K; test rows Θ*, K*), and
 * M_t = (Θ + ρI)⁻¹ (I − e^{−t(Θ+ρI)/n}) from {@link KernelGradientFlow#coefficients}, each network
 * follows kernel gradient flow f_t(X*) = f₀(X*) + Θ* M_t (y − f₀(X)). Hence, with B_t = Θ* M_t:
 * <pre>
 *   μ_t(X*)    = B_t y
 *   Σ_t(X*,X*) = K(X*,X*) − B_t K*ᵀ − K* B_tᵀ + B_t K B_tᵀ                        (standard init)
 *   μ_t(X)     = y − R_t y,  Σ_t(X,X) = R_t K R_t,  R_t = I − Θ M_t                (standard init)
 * </pre>
 * Standard initialisation starts from f₀ ~ GP(0, K); mirrored initialisation from f₀ = 0, which
 * leaves the same mean and zero variance. Only the variances (the diagonals) are returned.
 *
 * <p>Cost per finite time: O(n²m) for the test variances and O(n³) for the train variances.
 * Variances of points whose true variance is 0 (training points at t = ∞, test points equal to
 * training points) come out at rounding level, possibly slightly negative.
 */
public final class EnsemblePrediction {

    private final KernelGradientFlow flow;
    private final Matrix nngp;
    private final double[] y;

    /**
     * The ensemble trained on labels {@code y} with train Grams {@code train} (NTK Θ and NNGP K,
     * n×n) and ridge ρ ≥ 0 added to Θ (see {@link KernelGradientFlow} for the convention).
     */
    public EnsemblePrediction(KernelPair train, double[] y, double ridge) {
        Checks.notNull(train, "the train kernels");
        this.flow = new KernelGradientFlow(train.ntk(), ridge);
        int n = flow.size();
        Checks.symmetric(train.nngp(), "the NNGP Σ(X, X)");
        Checks.shape(train.nngp(), n, n, "the NNGP Σ(X, X)", "the shape of the NTK Θ(X, X)");
        Checks.length(y, n, "the labels y", "the kernel has " + n + " training points");
        Checks.finite(y, "the labels y");
        this.nngp = train.nngp();
        this.y = y.clone();
    }

    /** The kernel gradient flow of the NTK (its decompositions are shared with this ensemble). */
    public KernelGradientFlow flow() {
        return flow;
    }

    /**
     * Mean and variance at every time on the training points and, when {@code testTrain} is given,
     * on the test points.
     *
     * @param times              t ≥ 0 or {@link Double#POSITIVE_INFINITY}
     * @param init               STANDARD: f₀ ~ GP(0, K); MIRRORED: f₀ = 0
     * @param testTrain          Θ(X*, X) and K(X*, X), m×n each, or null
     * @param testNngpDiagonal   K(x*_i, x*_i), m values (null without test points or for MIRRORED)
     */
    public EnsembleMoments predict(double[] times, Initialisation.Scheme init, KernelPair testTrain, double[] testNngpDiagonal) {
        Checks.notNull(init, "the initialisation");
        int n = flow.size();
        int m = 0;
        if (testTrain != null) {
            Checks.notNull(testTrain.ntk(), "the NTK Θ(X*, X)");
            m = testTrain.ntk().rows();
            Checks.shape(testTrain.ntk(), m, n, "the NTK Θ(X*, X)", "test points × training points");
            if (init == Initialisation.Scheme.STANDARD) {
                Checks.shape(testTrain.nngp(), m, n, "the NNGP Σ(X*, X)", "test points × training points");
                Checks.finite(testTrain.nngp(), "the NNGP Σ(X*, X)");
                Checks.length(testNngpDiagonal, m, "the NNGP diagonal Σ(x*, x*)", "Θ(X*, X) has " + m + " rows");
                Checks.finite(testNngpDiagonal, "the NNGP diagonal Σ(x*, x*)");
            }
        }
        // the mean is the flow started from f₀ = 0: E f₀ = 0 under both initialisations
        FlowPredictions mean = flow.predict(times, y, testTrain == null ? null : testTrain.ntk());
        int count = times.length;
        Matrix trainVariance = new Matrix(n, count, new double[n * count]);
        Matrix testVariance = new Matrix(m, count, new double[m * count]);
        if (init == Initialisation.Scheme.STANDARD) {
            Matrix identity = identity(n);
            Matrix ntkTestT = m > 0 ? testTrain.ntk().transpose() : null;
            for (int j = 0; j < count; j++) {
                trainVariances(times[j], identity, trainVariance.data(), j * n);
                if (m > 0) {
                    testVariances(times[j], ntkTestT, testTrain.nngp(), testNngpDiagonal, testVariance.data(), j * m);
                }
            }
        }
        return new EnsembleMoments(times, mean.train(), trainVariance, mean.test(), testVariance);
    }

    /** diag(R_t K R_t) = rowdot(R_t K, R_t), R_t symmetric. */
    private void trainVariances(double t, Matrix identity, double[] out, int off) {
        int n = flow.size();
        double[] r = flow.residuals(t, identity).data();
        double[] rk = flow.residuals(t, nngp).data();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < n; c++) {
                s += rk[i + c * n] * r[i + c * n];
            }
            out[off + i] = s;
        }
    }

    /**
     * diag(K** − B K*ᵀ − K* Bᵀ + B K Bᵀ) with Bᵀ = M_t Θ*ᵀ (n×m): entry i is
     * K**_ii − 2 Σ_c B_ic K*_ic + Σ_c (K Bᵀ)_ci B_ic.
     */
    private void testVariances(double t, Matrix ntkTestT, Matrix nngpTest, double[] nngpTestDiagonal, double[] out, int off) {
        int n = flow.size();
        int m = ntkTestT.cols();
        double[] bt = flow.coefficients(t, ntkTestT).data();
        MemoryCheck.requireArray(n, m, "the " + n + "×" + m + " product K Bᵀ");
        double[] kbt = new double[n * m];
        Backends.blas().dgemm(Trans.N, Trans.N, n, m, n, 1.0, nngp.data(), 0, n, bt, 0, n, 0.0, kbt, 0, n);
        double[] ks = nngpTest.data();
        for (int i = 0; i < m; i++) {
            double cross = 0;
            double quad = 0;
            for (int c = 0; c < n; c++) {
                double b = bt[c + i * n];
                cross += b * ks[i + c * m];
                quad += kbt[c + i * n] * b;
            }
            out[off + i] = nngpTestDiagonal[i] - 2 * cross + quad;
        }
    }

    private static Matrix identity(int n) {
        MemoryCheck.requireArray(n, n, "the " + n + "×" + n + " identity");
        Matrix e = new Matrix(n, n, new double[n * n]);
        for (int i = 0; i < n; i++) {
            e.set(i, i, 1.0);
        }
        return e;
    }
}
