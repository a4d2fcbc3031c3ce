package org.ntklab.train;

import java.util.Locale;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * Kernel gradient flow with a fixed kernel (formulas sheet §5), in closed form.
 *
 * <p>Training minimises {@code L = 1/(2n) Σ_i (f(x_i) − y_i)²} by gradient flow on the linear
 * model {@code f(x) = f₀(x) + ⟨φ(x), w⟩} with {@code K(x, x') = ⟨φ(x), φ(x')⟩}, started at w = 0. In
 * function space, with train Gram K (n×n) and test rows K* (m×n):
 * <pre>
 *   d f_t(X)/dt  = −(1/n) K  (f_t(X) − y)
 *   d f_t(X*)/dt = −(1/n) K* (f_t(X) − y)
 *   f_t(X)  = y + U e^{−tΛ/n} Uᵀ (f₀(X) − y)
 *   f_t(X*) = f₀(X*) + K* U φ_t(Λ) Uᵀ (y − f₀(X)),    φ_t(λ) = (1 − e^{−tλ/n})/λ
 *   f_∞(X*) = f₀(X*) + K* K⁻¹ (y − f₀(X))            (Cholesky)
 * </pre>
 * where K = U Λ Uᵀ. Finite times use one eigendecomposition of K ({@code dsyevd}), infinite time
 * one Cholesky factorisation ({@code dpotrf}); each is computed on first need and reused for every
 * later call. Eigenvalues that rounding left slightly negative count as 0. At t = 0 the
 * predictions are f₀ exactly.
 *
 * <p><b>Ridge convention.</b> The ridge ρ ≥ 0 is what is added to K's diagonal, as in kernel ridge
 * regression {@code K* (K + ρI)⁻¹ y} and neural-tangents' {@code diag_reg} with
 * {@code diag_reg_absolute_scale=True}. At finite t it is the gradient flow of the regularised
 * loss {@code 1/(2n) Σ (f(x_i) − y_i)² + ρ/(2n) ‖w‖²}; writing w = Φᵀa, the coefficients follow
 * {@code da/dt = −(1/n) ((K + ρI) a − (y − f₀(X)))}, so
 * <pre>
 *   f_t(X*) = f₀(X*) + K* U φ_t(Λ + ρ) Uᵀ (y − f₀(X))
 *   f_t(X)  = y + U r_t(Λ) Uᵀ (f₀(X) − y),   r_t(λ) = (ρ + λ e^{−t(λ+ρ)/n})/(λ + ρ)
 *   f_∞(X*) = f₀(X*) + K* (K + ρI)⁻¹ (y − f₀(X)),   f_∞(X) = y − ρ (K + ρI)⁻¹ (y − f₀(X))
 * </pre>
 * In terms of the loss weight λ_w = ρ/n on (1/2)‖w‖², the dynamics use K + λ_w·n·I. Note that the
 * train predictions use K itself (f = f₀ + K a), not K + ρI: with a ridge they do not reach y.
 *
 * <p>The kernel matrix is read, not copied: do not change it while the flow is in use. Only its
 * lower triangle enters the factorisations; it must be symmetric within
 * {@value Checks#SYMMETRY_TOLERANCE} of its largest entry.
 */
public final class KernelGradientFlow {

    /**
     * Most negative eigenvalue accepted as rounding of a positive semi-definite K, relative to the
     * largest (≈ √eps): entries accurate to 1e−13 perturb eigenvalues by at most n·1e−13·λ_max.
     */
    static final double NEGATIVE_EIGENVALUE_TOLERANCE = 1.5e-8;

    private final Matrix k;
    private final int n;
    private final double ridge;
    private Spectrum spectrum;
    private double[] cholesky;

    /** Eigenvalues (ascending, clamped at 0) and orthonormal eigenvectors (columns of an n×n array). */
    private record Spectrum(double[] values, double[] vectors) {
    }

    /** The flow of the train Gram matrix {@code k} (n×n, symmetric positive semi-definite), without ridge. */
    public KernelGradientFlow(Matrix k) {
        this(k, 0.0);
    }

    /** The flow of {@code k} with ridge ρ = {@code ridge} ≥ 0 (see the class comment for the convention). */
    public KernelGradientFlow(Matrix k, double ridge) {
        Checks.symmetric(k, "the kernel matrix K");
        if (k.rows() == 0) {
            throw new IllegalArgumentException("the kernel matrix K is empty: need at least one training point");
        }
        Checks.ridge(ridge);
        this.k = k;
        this.n = k.rows();
        this.ridge = ridge;
    }

    /** The number n of training points. */
    public int size() {
        return n;
    }

    /** The ridge ρ. */
    public double ridge() {
        return ridge;
    }

    /** The eigenvalues of K, ascending, with rounding-level negatives set to 0 (a copy). */
    public double[] eigenvalues() {
        return spectrum().values().clone();
    }

    /**
     * Train and test predictions at every time, started from f₀. {@code kTest} (m×n) may be
     * {@code null} for no test points, and then {@code f0Test} must be {@code null} too.
     *
     * @param times   t ≥ 0, or {@link Double#POSITIVE_INFINITY}; any order, repeats allowed
     * @param y       the n labels
     * @param f0Train f₀(X), n values
     * @param kTest   K(X*, X), m×n, or null
     * @param f0Test  f₀(X*), m values, or null
     */
    public FlowPredictions predict(double[] times, double[] y, double[] f0Train, Matrix kTest, double[] f0Test) {
        Checks.times(times);
        Checks.length(y, n, "the labels y", "the kernel has " + n + " training points");
        Checks.finite(y, "the labels y");
        Checks.length(f0Train, n, "f0 on the training points", "the kernel has " + n + " training points");
        Checks.finite(f0Train, "f0 on the training points");
        int m = 0;
        if (kTest != null) {
            if (kTest.cols() != n) {
                throw new IllegalArgumentException("K(X*, X) has " + kTest.cols() + " columns but the kernel has " + n
                        + " training points");
            }
            Checks.finite(kTest, "K(X*, X)");
            m = kTest.rows();
            Checks.length(f0Test, m, "f0 on the test points", "K(X*, X) has " + m + " rows");
            Checks.finite(f0Test, "f0 on the test points");
        } else if (f0Test != null) {
            throw new IllegalArgumentException("f0 on the test points is given but K(X*, X) is not");
        }
        int count = times.length;
        MemoryCheck.requireArrays(2, Math.max(n, m), count, "the predictions at " + count + " times");
        double[] train = new double[n * count];
        double[] test = new double[m * count];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - f0Train[i];
        }
        Matrix r = new Matrix(n, 1, residual);
        for (int j = 0; j < count; j++) {
            double t = times[j];
            if (t == 0) {
                // y − (y − f₀) would round: the start is f₀ itself
                System.arraycopy(f0Train, 0, train, j * n, n);
            } else {
                // f_t(X) = y − R_t (y − f₀(X)): the residual R_t r keeps its relative accuracy as it decays
                double[] kept = residuals(t, r).data();
                for (int i = 0; i < n; i++) {
                    train[i + j * n] = y[i] - kept[i];
                }
            }
            if (m > 0) {
                double[] a = coefficients(t, r).data();
                System.arraycopy(f0Test, 0, test, j * m, m);
                Backends.blas().dgemv(Trans.N, m, n, 1.0, kTest.data(), 0, m, a, 0, 1.0, test, j * m);
            }
        }
        return new FlowPredictions(times, new Matrix(n, count, train), new Matrix(m, count, test));
    }

    /** Predictions started from f₀ = 0 (mirrored initialisation); {@code kTest} may be null. */
    public FlowPredictions predict(double[] times, double[] y, Matrix kTest) {
        return predict(times, y, new double[n], kTest, kTest == null ? null : new double[kTest.rows()]);
    }

    /**
     * M_t B for an n×k matrix B, where M_t = U φ_t(Λ + ρ) Uᵀ = (K + ρI)⁻¹ (I − e^{−t(K+ρI)/n}) maps
     * the initial train residual y − f₀(X) to the coefficients a(t) of the kernel expansion
     * f_t = f₀ + K(·, X) a(t); M_∞ = (K + ρI)⁻¹.
     *
     * @throws IllegalArgumentException at t = ∞ when K + ρI is singular or not positive definite
     */
    public Matrix coefficients(double t, Matrix rhs) {
        checkRhs(t, rhs);
        if (t == Double.POSITIVE_INFINITY) {
            return solve(rhs);
        }
        double tau = t / n;
        double[] lambda = spectrum().values();
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = FlowFilter.coefficient(tau, lambda[i] + ridge);
        }
        return inEigenbasis(h, rhs);
    }

    /**
     * R_t B for an n×k matrix B, where R_t = I − K M_t = U r_t(Λ) Uᵀ maps the initial train
     * residual to the residual at time t; R_0 = I exactly, R_∞ = ρ (K + ρI)⁻¹ (0 without ridge).
     *
     * @throws IllegalArgumentException at t = ∞ when K + ρI is singular or not positive definite
     */
    public Matrix residuals(double t, Matrix rhs) {
        checkRhs(t, rhs);
        if (t == 0) {
            return rhs.copy();
        }
        if (t == Double.POSITIVE_INFINITY) {
            Matrix x = solve(rhs);
            Backends.blas().dscal(x.data().length, ridge, x.data(), 0);
            return x;
        }
        double tau = t / n;
        double[] lambda = spectrum().values();
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = FlowFilter.residual(tau, lambda[i], ridge);
        }
        return inEigenbasis(h, rhs);
    }

    private void checkRhs(double t, Matrix rhs) {
        Checks.time(t, "time t");
        Checks.notNull(rhs, "the right-hand side");
        if (rhs.rows() != n) {
            throw new IllegalArgumentException("the right-hand side has " + rhs.rows() + " rows but the kernel has " + n
                    + " training points");
        }
    }

    /** U diag(h) Uᵀ B. */
    private Matrix inEigenbasis(double[] h, Matrix rhs) {
        double[] u = spectrum().vectors();
        int cols = rhs.cols();
        MemoryCheck.requireArrays(2, n, cols, "the " + n + "×" + cols + " products with the eigenvectors");
        double[] w = new double[n * cols];
        Backends.blas().dgemm(Trans.T, Trans.N, n, cols, n, 1.0, u, 0, n, rhs.data(), 0, n, 0.0, w, 0, n);
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < n; i++) {
                w[i + c * n] *= h[i];
            }
        }
        double[] out = new double[n * cols];
        Backends.blas().dgemm(Trans.N, Trans.N, n, cols, n, 1.0, u, 0, n, w, 0, n, 0.0, out, 0, n);
        return new Matrix(n, cols, out);
    }

    /** (K + ρI)⁻¹ B by the Cholesky factor. */
    private Matrix solve(Matrix rhs) {
        double[] l = cholesky();
        MemoryCheck.requireArray(n, rhs.cols(), "the " + n + "×" + rhs.cols() + " solution");
        double[] x = rhs.data().clone();
        int info = Backends.lapack().dpotrs(Uplo.LOWER, n, rhs.cols(), l, 0, n, x, 0, n);
        if (info != 0) {
            throw new IllegalStateException("dpotrs failed (info " + info + ")");
        }
        return new Matrix(n, rhs.cols(), x);
    }

    private synchronized Spectrum spectrum() {
        if (spectrum == null) {
            MemoryCheck.requireDoubles("the eigenvectors of the " + n + "×" + n + " kernel matrix and dsyevd's workspace",
                    (long) n * n, Lapack.eigenWorkspace(true, n));
            double[] u = new double[n * n];
            double[] w = new double[n];
            int info = Backends.lapack().symmetricEigen(true, n, k.data(), u, w);
            if (info != 0) {
                throw new IllegalStateException("the eigendecomposition of K (dsyevd, then dsyevr) did not converge (info " + info + ")");
            }
            double largest = Math.max(Math.abs(w[0]), Math.abs(w[n - 1]));
            if (w[0] < -NEGATIVE_EIGENVALUE_TOLERANCE * largest) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the kernel matrix K is not positive semi-definite: eigenvalue %.6g against largest %.6g", w[0], w[n - 1]));
            }
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], 0.0);
            }
            spectrum = new Spectrum(w, u);
        }
        return spectrum;
    }

    /**
     * The lower Cholesky factor of K + ρI. A pivot at rounding level (L_jj² ≤ n·eps·max diagonal)
     * means K + ρI is numerically singular: the solve would return rounding noise scaled by
     * 1/pivot, so it is refused like an outright failure.
     */
    private synchronized double[] cholesky() {
        if (cholesky == null) {
            MemoryCheck.requireArray(n, n, "the Cholesky factor of the " + n + "×" + n + " kernel matrix");
            double[] a = k.data().clone();
            double maxDiagonal = 0;
            double trace = 0;
            for (int i = 0; i < n; i++) {
                a[i + i * n] += ridge;
                maxDiagonal = Math.max(maxDiagonal, a[i + i * n]);
                trace += k.get(i, i);
            }
            int info = Backends.lapack().dpotrf(Uplo.LOWER, n, a, 0, n);
            int column = info;
            if (info == 0) {
                double floor = n * Math.ulp(1.0) * maxDiagonal;
                for (int i = 0; i < n && column == 0; i++) {
                    if (a[i + i * n] * a[i + i * n] <= floor) {
                        column = i + 1;
                    }
                }
            }
            if (column != 0) {
                throw new IllegalArgumentException(singular(column, info != 0, trace / n));
            }
            cholesky = a;
        }
        return cholesky;
    }

    private String singular(int column, boolean failed, double meanDiagonal) {
        String what = ridge == 0 ? "the kernel matrix K" : String.format(Locale.ROOT, "K + ridge·I (ridge %.3g)", ridge);
        String how = failed ? "Cholesky fails at column " + column : "Cholesky pivot " + column + " is at rounding level";
        String advice = ridge == 0
                ? String.format(Locale.ROOT, "add a ridge, e.g. %.3g (1e-8 × mean diagonal)", 1e-8 * meanDiagonal)
                : "use a larger ridge";
        return what + " is singular or not positive definite (" + how + "), so t = ∞ is undefined: use finite times or "
                + advice;
    }
}
