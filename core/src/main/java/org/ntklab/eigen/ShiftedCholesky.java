package org.ntklab.eigen;

import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The Cholesky factorisation K − σI = L Lᵀ of a dense symmetric matrix (LAPACK dpotrf, lower
 * triangle) in one reusable n×n work array, and the operator v ↦ (K − σI)⁻¹ v it gives (dpotrs).
 * Refactorising at a new shift reuses the array: the spectral routines try several shifts.
 */
public final class ShiftedCholesky {

    private final SymmetricInput k;
    private final double[] factor;
    private double shift = Double.NaN;
    private int failedAt = -1;

    /** A work array for factorisations of {@code k} (checked against the free heap). */
    public ShiftedCholesky(SymmetricInput k) {
        int n = k.size();
        MemoryCheck.requireArray(n, n, "the Cholesky factor of the " + n + "×" + n + " matrix");
        this.k = k;
        this.factor = new double[n * n];
    }

    /**
     * The factor of K − σI, or a {@link NotPositiveDefiniteException} naming the upper bound of
     * λ_min found where the factorisation broke down.
     */
    public static ShiftedCholesky of(SymmetricInput k, double sigma, String name) {
        ShiftedCholesky c = new ShiftedCholesky(k);
        if (!c.factor(sigma)) {
            double rq = c.failureRayleighQuotient();
            String what = sigma == 0 ? name : name + " − " + sigma + "·I";
            throw new NotPositiveDefiniteException(String.format(java.util.Locale.ROOT,
                    "%s is not positive definite: Cholesky broke down at row %d, where a direction with Rayleigh quotient "
                            + "%.6g was found (so λ_min(%s) ≤ %.6g)", what, c.failedAt, rq + sigma, name, rq + sigma),
                    c.failedAt, rq + sigma);
        }
        return c;
    }

    /**
     * Factorises K − σI in place of the previous factor. Returns false, keeping the order of the
     * leading block that is not positive definite ({@link #failedAt()}), when dpotrf breaks down.
     */
    public boolean factor(double sigma) {
        if (!Double.isFinite(sigma)) {
            throw new IllegalArgumentException("the shift must be finite, got " + sigma);
        }
        int n = k.size();
        double[] a = k.matrix().data();
        System.arraycopy(a, 0, factor, 0, factor.length);
        for (int i = 0; i < n; i++) {
            factor[i + i * n] -= sigma;
        }
        shift = sigma;
        int info = Backends.lapack().dpotrf(Uplo.LOWER, n, factor, 0, n);
        if (info < 0) {
            throw new IllegalStateException("dpotrf rejected argument " + (-info));
        }
        failedAt = info;
        return info == 0;
    }

    /** True when the last {@link #factor} succeeded. */
    public boolean ok() {
        return failedAt == 0;
    }

    /** The shift σ of the last factorisation. */
    public double shift() {
        return shift;
    }

    /** The 1-based order of the leading block where the last factorisation broke down (0 if it succeeded). */
    public int failedAt() {
        return failedAt;
    }

    /** The dimension n. */
    public int size() {
        return k.size();
    }

    /** The checked matrix K. */
    public SymmetricInput matrix() {
        return k;
    }

    /** The lower factor L (column-major n×n; the strict upper triangle holds K − σI): read only. */
    double[] lower() {
        return factor;
    }

    /** v ↦ (K − σI)⁻¹ v with the current factor. */
    public SymmetricOperator inverse() {
        if (!ok()) {
            throw new IllegalStateException("no factor: the last factorisation failed");
        }
        double sigma = shift;
        int n = k.size();
        return new SymmetricOperator() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public void apply(double[] v, double[] out) {
                if (shift != sigma || !ok()) {
                    throw new IllegalStateException("the factor was replaced by a factorisation at another shift");
                }
                System.arraycopy(v, 0, out, 0, n);
                Backends.lapack().dpotrs(Uplo.LOWER, n, 1, factor, 0, n, out, 0, n);
            }
        };
    }

    /**
     * After a breakdown at order k: the unit direction z, supported on the first k coordinates, with
     * zᵀ(K − σI)z ≤ 0 up to rounding: z = [−L⁻ᵀL⁻¹b; 1] for the leading factor L of order k − 1 and
     * b the first k − 1 entries of column k of K − σI (whose Schur complement is then ≤ 0).
     */
    public double[] failureDirection() {
        if (ok()) {
            throw new IllegalStateException("the last factorisation succeeded");
        }
        int n = k.size();
        int m = failedAt - 1;
        double[] a = k.matrix().data();
        double[] z = new double[n];
        for (int i = 0; i < m; i++) {
            z[i] = a[i + m * n];
        }
        if (m > 0) {
            // dpotrf leaves the factor of the leading block that did succeed in place
            Backends.blas().dtrsm(Side.LEFT, Uplo.LOWER, Trans.N, Diag.NON_UNIT, m, 1, 1.0, factor, 0, n, z, 0, n);
            Backends.blas().dtrsm(Side.LEFT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, m, 1, 1.0, factor, 0, n, z, 0, n);
            for (int i = 0; i < m; i++) {
                z[i] = -z[i];
            }
        }
        z[m] = 1;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(z[i])) {
                // a breakdown right after a tiny pivot: fall back to the unit vector e_k
                java.util.Arrays.fill(z, 0.0);
                z[m] = 1;
                break;
            }
        }
        VectorOps.scale(1 / VectorOps.norm(z), z);
        return z;
    }

    /** The Rayleigh quotient of {@link #failureDirection()} for K − σI (≤ 0 up to rounding). */
    public double failureRayleighQuotient() {
        double[] z = failureDirection();
        double[] kz = new double[z.length];
        new DenseOperator(k).apply(z, kz);
        return VectorOps.dot(z, kz) - shift;
    }
}
