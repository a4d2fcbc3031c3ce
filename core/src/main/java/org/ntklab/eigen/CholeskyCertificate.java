package org.ntklab.eigen;

import org.ntklab.runtime.ThreadBudget;

/**
 * The rigorous lower bound of λ_min(K) that a successful floating-point Cholesky factorisation of
 * K − sI proves: λ_min(K) ≥ s − m with an explicit rounding margin m.
 *
 * <p><b>The criterion.</b> Let Ã = fl(K − sI) (only the diagonal is rounded: |Ã_ii − (K_ii − s)| ≤
 * u/(1−u)·|Ã_ii|) and let dpotrf run to completion with computed factor L̂. The backward error of
 * Cholesky (Demmel 1989; Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed.,
 * Thm 10.3) gives Ã + ΔA = L̂L̂ᵀ with |ΔA| ≤ γ_{n+1}|L̂||L̂|ᵀ, for any order of evaluation of the
 * inner products (so for blocked, BLAS-3 and FMA implementations too). We use γ_{n+3}: two extra
 * roundings cover implementations that multiply by a rounded reciprocal of the pivot instead of
 * dividing. For every unit x, xᵀ(K − sI)x = ‖L̂ᵀx‖² − xᵀΔAx + xᵀ(K − sI − Ã)x, hence
 * <pre>
 *   λ_min(K) ≥ s − m,   m = γ_{n+3} · P + u/(1−u) · max_i |Ã_ii| + η,   P ≥ ‖ |L̂| ‖₂²,
 * </pre>
 * η a term for underflow. This is the argument of Rump, "Verification of positive definiteness",
 * BIT 46 (2006) 433–452, who bounds P a priori by tr(Ã)/(1 − γ_{n+1}) (from ‖L̂ row i‖² ≤
 * Ã_ii/(1 − γ_{n+1})). We compute P a posteriori and take the smaller of two rigorous bounds:
 * <ul>
 *   <li>the squared Frobenius norm of L̂ (never larger than the trace bound, up to rounding), and</li>
 *   <li>the Collatz–Wielandt bound ‖ |L̂| ‖₂² = ρ(|L̂||L̂|ᵀ) ≤ max_i (|L̂||L̂|ᵀx)_i / x_i, valid for every
 *   positive x (|L̂||L̂|ᵀ is non-negative); x is a few power-iteration steps from the ones vector.
 *   For an NTK Gram, dominated by its near-constant top eigenvector, this is close to λ_max(K),
 *   about 5× below the trace.</li>
 * </ul>
 * Every computed sum of non-negative terms is inflated by its own γ factor and every final
 * operation rounded outward, so m is an upper bound of the exact margin. The rounding model is IEEE
 * double with rounding to nearest (Java's strict floating point; native BLAS must not use flush-to-
 * zero, which OpenBLAS does not enable).
 */
public final class CholeskyCertificate {

    /** Power-iteration steps towards the Perron vector before the Collatz–Wielandt bound. */
    private static final int POWER_STEPS = 4;
    private static final int GRAIN = 64;

    private CholeskyCertificate() {
    }

    /**
     * The margin m for the current (successful) factorisation of {@code c}: λ_min(K) ≥ shift − m.
     * With {@code sharp} false, only the one-pass Frobenius bound is used.
     */
    public static double margin(ShiftedCholesky c, boolean sharp) {
        if (!c.ok()) {
            throw new IllegalStateException("no successful factorisation to certify");
        }
        int n = c.size();
        double maxDiag = 0;
        double[] a = c.matrix().matrix().data();
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i + i * n] - c.shift()));
        }
        double u = Rounding.U;
        return margin(c.lower(), n, u / (1 - u) * maxDiag * (1 + 4 * u) * (1 + 2 * u), sharp);
    }

    /**
     * The margin for a successful factor L̂ (column-major n×n, lower triangle) of a floating-point
     * matrix Ã that differs from the exact matrix A meant by at most {@code inputError} in 2-norm:
     * λ_min(A) ≥ −m. {@link #margin(ShiftedCholesky, boolean)} is the case A = K − sI, where only the
     * diagonal is rounded.
     */
    static double margin(double[] l, int n, double inputError, boolean sharp) {
        double p = frobeniusSquared(l, n);
        if (sharp) {
            p = Math.min(p, collatzWielandt(l, n));
        }
        double u = Rounding.U;
        // every underflowing operation errs by at most the smallest subnormal; a generous count of them
        double eta = 8.0 * (n + 3.0) * (n + 3.0) * Double.MIN_VALUE;
        double m = Rounding.gamma(n + 3L) * p * (1 + 4 * u) + inputError + eta;
        return Math.nextUp(Math.nextUp(m));
    }

    /** Σ L̂_ij² over the lower triangle, rounded up (2n terms deep: column sums then their sum). */
    static double frobeniusSquared(double[] l, int n) {
        double[] col = new double[n];
        ThreadBudget.parallelFor(0, n, GRAIN, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int base = j + j * n;
                col[j] = VectorOps.dot(n - j, l, base, l, base);
            }
        });
        double s = 0;
        for (double v : col) {
            s += v;
        }
        return Math.nextUp(s / (1 - Rounding.gamma(2L * n + 2)));
    }

    /** max_i (|L̂||L̂|ᵀx)_i / x_i after a few power steps from x = 1, rounded up; +∞ if x lost positivity. */
    static double collatzWielandt(double[] l, int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        double[] t = new double[n];
        double[] z = new double[n];
        for (int step = 0; step < POWER_STEPS; step++) {
            product(l, n, x, t, z);
            double norm = VectorOps.norm(z);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                return Double.POSITIVE_INFINITY;
            }
            for (int i = 0; i < n; i++) {
                x[i] = z[i] / norm;
            }
        }
        product(l, n, x, t, z);
        double r = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0) || !Double.isFinite(z[i])) {
                return Double.POSITIVE_INFINITY;
            }
            r = Math.max(r, z[i] / x[i]);
        }
        // t and z are sums of at most n non-negative terms each: exact ≤ computed / (1 − γ_n)², one more rounding in z/x
        return Math.nextUp(r / (1 - Rounding.gamma(2L * n + 3)));
    }

    /** z = |L||L|ᵀx via t = |L|ᵀx (column dots) and z = |L|t (row blocks, columns in a fixed order). */
    private static void product(double[] l, int n, double[] x, double[] t, double[] z) {
        ThreadBudget.parallelFor(0, n, GRAIN, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                double s = 0;
                int base = j * n;
                for (int i = j; i < n; i++) {
                    s += Math.abs(l[base + i]) * x[i];
                }
                t[j] = s;
            }
        });
        ThreadBudget.parallelFor(0, n, 256, (i0, i1) -> {
            java.util.Arrays.fill(z, i0, i1, 0.0);
            for (int j = 0; j < i1; j++) {
                double tj = t[j];
                int base = j * n;
                for (int i = Math.max(i0, j); i < i1; i++) {
                    z[i] += Math.abs(l[base + i]) * tj;
                }
            }
        });
    }
}
